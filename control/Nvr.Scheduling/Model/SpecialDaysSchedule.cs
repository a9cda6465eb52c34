namespace Nvr.Scheduling.Model;

/// <summary>
/// Overrides the standard schedule on the days of one special-day group (ONVIF tsc:SpecialDaysSchedule).
/// An empty <see cref="TimeRange"/> means "inactive during those special days".
/// </summary>
public sealed record SpecialDaysSchedule(string GroupToken, IReadOnlyList<TimePeriod> TimeRange);
