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

    public override IReadOnlyList<EventItem> DataItems => Data;

    public override bool DeletesProperty => string.Equals(PropertyOperation, "Deleted", StringComparison.Ordinal);

    /// <summary>
    /// A property event is active while its first boolean data item is true (IsMotion, LogicalState, State...);
    /// Deleted ends it; a property event without a boolean item, like a momentary event, is an instant.
    /// </summary>
    public override bool? Condition
    {
        get
        {
            if (PropertyOperation is null)
            {
                return null;
            }

            if (string.Equals(PropertyOperation, "Deleted", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var item in Data)
            {
                if (bool.TryParse(item.Value, out var value))
                {
                    return value;
                }

                if (item.Value is "0" or "1")
                {
                    return item.Value == "1";
                }
            }

            return null;
        }
    }
}
