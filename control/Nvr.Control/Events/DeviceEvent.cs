using Nvr.Recording.Triggers;

namespace Nvr.Control.Events;

/// <summary>
/// A notification from a camera or an input of the device (motion, tampering, digital input...), put on the internal
/// event stream so that recording jobs with an EventFilter (seed 5.3.4) can react to it. <see cref="OnvifEvent.Topic"/>
/// is the topic path, with or without the <c>tns1:</c> prefix (e.g. <c>tns1:RuleEngine/CellMotionDetector/Motion</c>).
/// </summary>
/// <param name="PropertyOperation">Initialized, Changed or Deleted for property events; null for a momentary event.</param>
public sealed record DeviceEvent(
    string Topic,
    DateTimeOffset UtcTime,
    string? PropertyOperation,
    IReadOnlyList<EventItem> Source,
    IReadOnlyList<EventItem> Data)
    : OnvifEvent(Topic, PropertyOperation is not null, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => Source;

    /// <summary>See <see cref="CameraNotification.ConditionOf"/>: the first boolean data item; Deleted ends it.</summary>
    public override bool? Condition => CameraNotification.ConditionOf(PropertyOperation, Data);

    public override IReadOnlyList<EventItem> DataItems => Data;

    public override bool DeletesProperty => string.Equals(PropertyOperation, CameraNotification.Deleted, StringComparison.Ordinal);

    /// <summary>The event-stream form of a notification a camera sent in its metadata stream.</summary>
    public static DeviceEvent From(CameraNotification notification) =>
        new(notification.Topic, notification.UtcTime, notification.PropertyOperation, notification.Source, notification.Data);
}
