using Nvr.Scheduling.Calendar;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Evaluation;

/// <summary>One special-days override of a schedule with the referred group's parsed Days calendar.</summary>
public sealed record CompiledSpecialDays(string GroupToken, ScheduleCalendar Days, IReadOnlyList<TimePeriod> TimeRange);
