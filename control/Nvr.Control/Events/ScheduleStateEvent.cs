using Nvr.Recording.Triggers;

namespace Nvr.Control.Events;

/// <summary>Topic tns1:Schedule/State/Active (property): a schedule became active/inactive or entered/left a special day.</summary>
public sealed record ScheduleStateEvent(DateTimeOffset UtcTime, string ScheduleToken, string Name, bool Active, bool SpecialDay)
    : OnvifEvent("Schedule/State/Active", true, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("ScheduleToken", ScheduleToken)];

    public override IReadOnlyList<EventItem> MessageSourceItems => [new EventItem("ScheduleToken", ScheduleToken), new EventItem("Name", Name)];

    public override IReadOnlyList<EventItem> DataItems =>
        [new EventItem("Active", Active ? "true" : "false"), new EventItem("SpecialDay", SpecialDay ? "true" : "false")];

    public override bool? Condition => Active;
}
