using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using NodaTime;
using NodaTime.TimeZones;

namespace Nvr.Scheduling.Calendar;

/// <summary>
/// One VEVENT ready for repeated window queries. Occurrences come from Ical.Net; this class only maps them to
/// instants and keeps the queries cheap: an unbounded, regularly repeating rule whose DTSTART lies far in the
/// past (the spec's 1970 weekly rules) is evaluated from a copy whose DTSTART has been moved forward by whole
/// recurrence periods, which yields exactly the same occurrences inside the window.
/// </summary>
internal sealed class EventTimeline
{
    /// <summary>Wall-clock times in a DST gap start at the end of the gap; repeated ones at their first occurrence.</summary>
    internal static readonly ZoneLocalMappingResolver WallClockResolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    private const int MaxRebaseLagPeriods = 64;

    /// <summary>
    /// Recurrence steps Ical.Net may take without finding an occurrence before it gives up (leap days of an hourly
    /// rule need about 35,000; without a limit an impossible rule, or one whose COUNT is used up next to another,
    /// is searched forever).
    /// </summary>
    public const int MaxUnmatchedIncrements = 100_000;

    /// <summary>The evaluation limits of every occurrence search.</summary>
    internal static readonly EvaluationOptions Limits = new() { MaxUnmatchedIncrementsLimit = MaxUnmatchedIncrements };

    private readonly CalendarEvent _original;
    private readonly TimeSpan _duration;
    private readonly TimeSpan _period;
    private readonly bool _rebasable;
    private readonly string? _tzId;
    private CalendarEvent? _rebased;
    private DateTime _rebasedAnchor;

    public EventTimeline(CalendarEvent calendarEvent, TimeSpan duration)
    {
        _original = calendarEvent;
        _duration = duration;
        _tzId = calendarEvent.DtStart!.TzId;
        var rule = calendarEvent.RecurrenceRule;
        _period = rule is null ? TimeSpan.Zero : NominalPeriod(rule);
        _rebasable = rule is not null && IsRebasable(calendarEvent, rule);
    }

    /// <summary>The nominal length of one recurrence step (INTERVAL × FREQ unit), zero when not recurring.</summary>
    public static TimeSpan NominalPeriod(RecurrenceRule rule)
    {
        var interval = Math.Max(1, rule.Interval);
        var unit = rule.Frequency switch
        {
            FrequencyType.Secondly => TimeSpan.FromSeconds(1),
            FrequencyType.Minutely => TimeSpan.FromMinutes(1),
            FrequencyType.Hourly => TimeSpan.FromHours(1),
            FrequencyType.Daily => TimeSpan.FromDays(1),
            FrequencyType.Weekly => TimeSpan.FromDays(7),
            FrequencyType.Monthly => TimeSpan.FromDays(28),
            FrequencyType.Yearly => TimeSpan.FromDays(365),
            _ => TimeSpan.Zero,
        };
        return unit * interval;
    }

    /// <summary>
    /// Adds the instant intervals of every occurrence that overlaps the wall-clock window
    /// [<paramref name="fromLocal"/>, <paramref name="toLocal"/>) to <paramref name="sink"/>.
    /// </summary>
    public void Collect(DateTime fromLocal, DateTime toLocal, DateTimeZone zone, InstantIntervalSet sink)
    {
        var source = PickSource(fromLocal);
        var tz = _tzId;
        var from = new CalDateTime(fromLocal, tz, true);
        var to = new CalDateTime(toLocal, tz, true);
        try
        {
            foreach (var occurrence in source.GetOccurrences(from, Limits).TakeWhileBefore(to))
            {
                var start = occurrence.Period.StartTime;
                var end = occurrence.Period.EffectiveEndTime ?? start.Add(Ical.Net.DataTypes.Duration.FromTimeSpanExact(_duration));
                sink.Add(ToInstantTicks(start, zone), ToInstantTicks(end, zone));
            }
        }
        catch (EvaluationLimitExceededException)
        {
            // a rule that finds no occurrence within MaxUnmatchedIncrements steps (e.g. only an impossible date is
            // left) has no further occurrence in this window; unbounded, Ical.Net would search forever
        }
    }

    internal static long ToInstantTicks(CalDateTime value, DateTimeZone zone)
    {
        if (value.IsUtc)
        {
            return Instant.FromDateTimeUtc(DateTime.SpecifyKind(value.Value, DateTimeKind.Utc)).ToUnixTimeTicks();
        }

        if (value.IsFloating)
        {
            return LocalToInstantTicks(value.Value, zone);
        }

        return Instant.FromDateTimeUtc(DateTime.SpecifyKind(value.AsUtc, DateTimeKind.Utc)).ToUnixTimeTicks();
    }

    internal static long LocalToInstantTicks(DateTime local, DateTimeZone zone) =>
        LocalDateTime.FromDateTime(local).InZone(zone, WallClockResolver).ToInstant().ToUnixTimeTicks();

    private static bool IsRebasable(CalendarEvent calendarEvent, RecurrenceRule rule)
    {
#pragma warning disable CS0618 // the rule lists are obsolete in Ical.Net 5 but still the way to count RRULE/EXRULE lines.
        if (rule.Count is not null || calendarEvent.ExceptionRules.Count > 0 || calendarEvent.RecurrenceRules.Count != 1)
#pragma warning restore CS0618
        {
            return false;
        }

        var start = calendarEvent.DtStart!;
        if (!start.HasTime || !(start.IsFloating || start.IsUtc))
        {
            return false;
        }

        var noOtherParts = rule.BySecond.Count == 0 && rule.ByMinute.Count == 0 && rule.ByHour.Count == 0
            && rule.ByMonthDay.Count == 0 && rule.ByYearDay.Count == 0 && rule.ByWeekNo.Count == 0
            && rule.ByMonth.Count == 0 && rule.BySetPosition.Count == 0;
        return rule.Frequency switch
        {
            FrequencyType.Secondly or FrequencyType.Minutely or FrequencyType.Hourly or FrequencyType.Daily =>
                noOtherParts && rule.ByDay.Count == 0,
            FrequencyType.Weekly => noOtherParts && rule.ByDay.TrueForAll(static d => d.Offset is null),
            _ => false,
        };
    }

    private CalendarEvent PickSource(DateTime fromLocal)
    {
        if (!_rebasable)
        {
            return _original;
        }

        var originalStart = _original.DtStart!.Value;
        var target = fromLocal - _duration - _period - _period;
        if (originalStart >= target)
        {
            return _original;
        }

        if (_rebased is not null && _rebasedAnchor <= target && target - _rebasedAnchor <= _period * MaxRebaseLagPeriods)
        {
            return _rebased;
        }

        var steps = (target - originalStart).Ticks / _period.Ticks;
        var anchor = originalStart + TimeSpan.FromTicks(steps * _period.Ticks);
        var copy = _original.Copy<CalendarEvent>() ?? throw new InvalidOperationException("Ical.Net could not copy the event");
        copy.DtStart = new CalDateTime(anchor, _tzId, true);
        if (copy.Duration is not null)
        {
            copy.Duration = null;
        }

        copy.DtEnd = new CalDateTime(anchor + _duration, _tzId, true);
        _rebased = copy;
        _rebasedAnchor = anchor;
        return copy;
    }
}
