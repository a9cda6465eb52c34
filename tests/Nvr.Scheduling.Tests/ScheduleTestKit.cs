using NodaTime;
using Nvr.Scheduling.Calendar;
using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Tests;

/// <summary>Builds compiled schedules from iCalendar snippets and converts wall-clock probes to instants.</summary>
internal sealed class ScheduleTestKit(string zoneId)
{
    private readonly DateTimeZone _zone = DateTimeZoneProviders.Tzdb[zoneId];

    public ScheduleEvaluator Evaluator { get; } = new(zoneId);

    public static string VCalendar(params string[] eventBodies)
    {
        var body = string.Concat(eventBodies.Select(e => $"BEGIN:VEVENT\n{e.Trim()}\nEND:VEVENT\n"));
        return $"BEGIN:VCALENDAR\nPRODID:VERSION:2.0\n{body}END:VCALENDAR\n";
    }

    public static CompiledSchedule Compile(string standard, params (string Days, TimePeriod[] Ranges)[] specialDays) =>
        new("402", "test", ScheduleCalendar.Parse(standard, "Standard"),
            specialDays.Select((s, i) => new CompiledSpecialDays($"g{i}", ScheduleCalendar.Parse(s.Days, "Days"), s.Ranges)).ToArray());

    /// <summary>A wall-clock time in the kit's zone (must exist and be unambiguous).</summary>
    public DateTimeOffset Local(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(_zone).ToDateTimeOffset();

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    public ScheduleState State(CompiledSchedule schedule, DateTimeOffset at) => Evaluator.Evaluate(schedule, at).State;

    public DateTimeOffset? Next(CompiledSchedule schedule, DateTimeOffset at) => Evaluator.Evaluate(schedule, at).NextTransition;

    /// <summary>Walks the transitions from <paramref name="from"/> and returns (instant, new state) for each.</summary>
    public List<(DateTimeOffset At, ScheduleState State)> Transitions(CompiledSchedule schedule, DateTimeOffset from, int count)
    {
        var result = new List<(DateTimeOffset, ScheduleState)>();
        var at = from;
        for (var i = 0; i < count; i++)
        {
            var next = Evaluator.Evaluate(schedule, at).NextTransition;
            if (next is null)
            {
                break;
            }

            at = next.Value;
            result.Add((at, Evaluator.Evaluate(schedule, at).State));
        }

        return result;
    }

    public static TimePeriod Period(int fromHour, int? untilHour = null) =>
        new(new TimeOnly(fromHour, 0), untilHour is { } u ? new TimeOnly(u, 0) : null);
}
