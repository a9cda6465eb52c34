using NodaTime;
using Nvr.Scheduling.Calendar;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Evaluation;

/// <summary>
/// Answers for an instant: is the schedule active, is it a special day, and when does that next change.
/// Rules (Schedule Service Specification 18.06): the standard calendar's occurrences are active periods; while the
/// instant lies inside an occurrence of a referred special day group, that overrides the standard calendar and
/// the schedule is active only inside the union of the overriding TimeRanges (on that local day, and only where
/// they overlap the special day); an empty TimeRange means inactive. Periods are half-open (From &lt;= t &lt; Until),
/// no Until means midnight. Local iCalendar times are wall-clock times of the appliance zone; a wall-clock time
/// skipped by a DST change takes effect at the end of the gap, a repeated one at its first occurrence.
/// UTC ("Z") times and TZID times are used as they are.
/// </summary>
public sealed class ScheduleEvaluator
{
    /// <summary>How far ahead a next transition is searched.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(1500);

    private static readonly long FirstWindowTicks = TimeSpan.FromDays(8).Ticks;
    private static readonly long MarginTicks = TimeSpan.FromDays(2).Ticks;
    private static readonly long DayTicks = TimeSpan.FromDays(1).Ticks;

    private readonly DateTimeZone _zone;

    /// <param name="ianaTimeZoneId">The appliance's zone, e.g. "Europe/Berlin" (tzdb bundled with NodaTime).</param>
    public ScheduleEvaluator(string ianaTimeZoneId)
    {
        _zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(ianaTimeZoneId)
            ?? throw new ArgumentException($"unknown IANA time zone '{ianaTimeZoneId}'", nameof(ianaTimeZoneId));
        TimeZoneId = ianaTimeZoneId;
    }

    public string TimeZoneId { get; }

    /// <summary>The state at <paramref name="at"/> and the next instant at which it changes.</summary>
    public ScheduleStatus Evaluate(CompiledSchedule schedule, DateTimeOffset at)
    {
        var t = Instant.FromDateTimeOffset(at).ToUnixTimeTicks();
        var span = FirstWindowTicks;
        ScheduleState current = default;
        while (true)
        {
            var end = t + span;
            var timeline = Build(schedule, t, end);
            current = timeline.StateAt(t);
            var boundaries = new List<long>();
            timeline.AppendBoundaries(t, end, boundaries);
            boundaries.Sort();
            foreach (var boundary in boundaries)
            {
                if (timeline.StateAt(boundary) != current)
                {
                    return new ScheduleStatus(current, FromTicks(boundary));
                }
            }

            if (span >= Horizon.Ticks)
            {
                return new ScheduleStatus(current, null);
            }

            span = Math.Min(span * 4, Horizon.Ticks);
        }
    }

    /// <summary>The state at <paramref name="at"/> only.</summary>
    public ScheduleState StateAt(CompiledSchedule schedule, DateTimeOffset at)
    {
        var t = Instant.FromDateTimeOffset(at).ToUnixTimeTicks();
        return Build(schedule, t, t + 1).StateAt(t);
    }

    private static DateTimeOffset FromTicks(long unixTicks) =>
        Instant.FromUnixTimeTicks(unixTicks).ToDateTimeOffset();

    private DateTime LocalOf(long unixTicks) =>
        Instant.FromUnixTimeTicks(unixTicks).InZone(_zone).LocalDateTime.ToDateTimeUnspecified();

    private ScheduleTimeline Build(CompiledSchedule schedule, long from, long to)
    {
        var fromLocal = LocalOf(from - MarginTicks);
        var toLocal = LocalOf(to + MarginTicks);
        var standard = new InstantIntervalSet();
        schedule.Standard.Collect(fromLocal, toLocal, _zone, standard);
        standard.Seal();

        var special = new InstantIntervalSet();
        var specialActive = new InstantIntervalSet();
        foreach (var overrideDays in schedule.SpecialDays)
        {
            var days = new InstantIntervalSet();
            overrideDays.Days.Collect(fromLocal, toLocal, _zone, days);
            days.Seal();
            special.AddAll(days);
            foreach (var (start, end) in days.Items)
            {
                AddTimeRanges(overrideDays.TimeRange, Math.Max(start, from - DayTicks), Math.Min(end, to + DayTicks), start, end, specialActive);
            }
        }

        special.Seal();
        specialActive.Seal();
        return new ScheduleTimeline(standard, special, specialActive);
    }

    /// <summary>Adds the daily TimeRanges of every local day touching [visitFrom, visitTo), clipped to the special day.</summary>
    private void AddTimeRanges(IReadOnlyList<TimePeriod> ranges, long visitFrom, long visitTo, long dayStart, long dayEnd, InstantIntervalSet sink)
    {
        if (ranges.Count == 0 || visitTo <= visitFrom)
        {
            return;
        }

        var firstDate = LocalOf(visitFrom).Date;
        var lastDate = LocalOf(visitTo - 1).Date;
        for (var date = firstDate; date <= lastDate; date = date.AddDays(1))
        {
            foreach (var range in ranges)
            {
                var start = EventTimeline.LocalToInstantTicks(date + range.From.ToTimeSpan(), _zone);
                var end = range.Until is { } until
                    ? EventTimeline.LocalToInstantTicks(date + until.ToTimeSpan(), _zone)
                    : EventTimeline.LocalToInstantTicks(date.AddDays(1), _zone);
                sink.Add(Math.Max(start, dayStart), Math.Min(end, dayEnd));
            }
        }
    }
}
