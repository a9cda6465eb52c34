namespace Nvr.Control.Events;

/// <summary>
/// A property instance ceased to exist (its job, schedule or receiver was deleted): subscribers get a message with
/// PropertyOperation Deleted and the property's state is forgotten.
/// </summary>
public sealed record PropertyDeletedEvent(DateTimeOffset UtcTime, string PropertyTopic, IReadOnlyList<EventItem> Source)
    : OnvifEvent(PropertyTopic, true, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => Source;

    public override bool? Condition => false;

    public override bool DeletesProperty => true;
}
