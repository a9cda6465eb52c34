namespace Nvr.Scheduling.Model;

/// <summary>
/// A schedule (ONVIF tsc:Schedule): an iCalendar text with the standard events plus special-day overrides.
/// Token is empty in a Create request and allocated by the book.
/// </summary>
public sealed record Schedule(
    string Token,
    string Name,
    string? Description,
    string Standard,
    IReadOnlyList<SpecialDaysSchedule> SpecialDays);
