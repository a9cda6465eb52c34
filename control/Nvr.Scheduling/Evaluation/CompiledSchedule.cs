using Nvr.Scheduling.Calendar;

namespace Nvr.Scheduling.Evaluation;

/// <summary>A schedule with its calendars parsed and its special day groups resolved, ready to evaluate.</summary>
public sealed record CompiledSchedule(
    string Token,
    string Name,
    ScheduleCalendar Standard,
    IReadOnlyList<CompiledSpecialDays> SpecialDays);
