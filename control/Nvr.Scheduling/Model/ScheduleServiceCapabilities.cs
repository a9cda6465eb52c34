namespace Nvr.Scheduling.Model;

/// <summary>
/// The limits and features of the schedule service (ONVIF tsc:ServiceCapabilities). Every limit is enforced by
/// <see cref="Book.ScheduleBook"/>. Extended recurrence, special days, state reporting and client-supplied tokens
/// are implemented; only <see cref="ClientSuppliedTokenSupported"/> may be switched off.
/// </summary>
public sealed record ScheduleServiceCapabilities
{
    public int MaxLimit { get; init; } = 100;
    public int MaxSchedules { get; init; } = 10_000;
    public int MaxTimePeriodsPerDay { get; init; } = 16;
    public int MaxSpecialDayGroups { get; init; } = 100;
    public int MaxDaysInSpecialDayGroup { get; init; } = 366;
    public int MaxSpecialDaysSchedules { get; init; } = 16;
    public bool ExtendedRecurrenceSupported => true;
    public bool SpecialDaysSupported => true;
    public bool StateReportingSupported => true;
    public bool ClientSuppliedTokenSupported { get; init; } = true;
}
