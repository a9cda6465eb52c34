namespace Nvr.Control.Events;

/// <summary>
/// Topics tns1:Configuration/Schedule/Changed|Removed and tns1:Configuration/SpecialDays/Changed|Removed:
/// a schedule or special day group was saved or deleted.
/// </summary>
public sealed record ScheduleConfigurationEvent(DateTimeOffset UtcTime, string ConfigurationTopic, string Token)
    : OnvifEvent(ConfigurationTopic, false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems =>
        [new EventItem(ConfigurationTopic.StartsWith("Configuration/SpecialDays/", StringComparison.Ordinal) ? "SpecialDaysToken" : "ScheduleToken", Token)];
}
