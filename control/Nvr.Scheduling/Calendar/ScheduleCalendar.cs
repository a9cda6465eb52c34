using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;
using Nvr.Scheduling.Faults;
using IcalCalendar = Ical.Net.Calendar;

namespace Nvr.Scheduling.Calendar;

/// <summary>
/// A validated, parsed iCalendar text (a schedule's Standard or a special day group's Days), evaluated with
/// Ical.Net. Parsing refuses text that cannot be evaluated with an InvalidArgument fault naming the problem.
/// Instances are safe to share between threads.
/// </summary>
public sealed class ScheduleCalendar
{
    private readonly EventTimeline[] _events;
    private readonly Lock _gate = new();

    private ScheduleCalendar(string text, EventTimeline[] events)
    {
        Text = text;
        _events = events;
    }

    /// <summary>The text as the client sent it.</summary>
    public string Text { get; }

    /// <summary>Number of VEVENT components.</summary>
    public int EventCount => _events.Length;

    /// <summary>
    /// Parses and validates <paramref name="text"/>; <paramref name="field"/> names it in fault messages
    /// (e.g. "Standard"). Throws <see cref="ScheduleFaultException"/> (InvalidArgument) when invalid.
    /// </summary>
    public static ScheduleCalendar Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ScheduleFaults.InvalidArgument($"{field}: the iCalendar text is empty");
        }

        IcalCalendar? calendar;
        try
        {
            calendar = IcalCalendar.Load(ICalendarTextNormalizer.Normalize(text));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw ScheduleFaults.InvalidArgument($"{field}: the iCalendar text cannot be parsed: {e.Message}");
        }

        if (calendar is null)
        {
            throw ScheduleFaults.InvalidArgument($"{field}: no BEGIN:VCALENDAR ... END:VCALENDAR found");
        }

        if (calendar.Events.Count == 0)
        {
            throw ScheduleFaults.InvalidArgument($"{field}: the calendar contains no VEVENT");
        }

        var events = new EventTimeline[calendar.Events.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var calendarEvent = calendar.Events[i]!;
            var where = $"{field}: VEVENT #{i + 1}{Describe(calendarEvent)}";
            try
            {
                events[i] = ValidateEvent(calendarEvent, where);
            }
            catch (Exception e) when (e is not (ScheduleFaultException or OutOfMemoryException))
            {
                // Ical.Net reports unusable values (an unknown TZID, a date out of range) while they are used
                throw ScheduleFaults.InvalidArgument($"{where} cannot be evaluated: {e.Message}");
            }
        }

        return new ScheduleCalendar(text, events);
    }

    /// <summary>Adds the instant intervals of all occurrences overlapping the wall-clock window.</summary>
    internal void Collect(DateTime fromLocal, DateTime toLocal, DateTimeZone zone, InstantIntervalSet sink)
    {
        lock (_gate)
        {
            foreach (var timeline in _events)
            {
                timeline.Collect(fromLocal, toLocal, zone, sink);
            }
        }
    }

    private static bool HasHourlyStep(CalendarEvent e)
    {
#pragma warning disable CS0618 // the rule lists are obsolete in Ical.Net 5 but still hold every RRULE/EXRULE line.
        return e.RecurrenceRules.Concat(e.ExceptionRules).Any(r => EventTimeline.NominalPeriod(r) == TimeSpan.FromHours(1));
#pragma warning restore CS0618
    }

    private static string Describe(CalendarEvent e) => string.IsNullOrEmpty(e.Summary) ? "" : $" '{e.Summary}'";

    private static EventTimeline ValidateEvent(CalendarEvent e, string where)
    {
        var start = e.DtStart ?? throw ScheduleFaults.InvalidArgument($"{where} has no DTSTART");
        if (start.TzId is not null && !start.IsUtc && HasHourlyStep(e))
        {
            // Ical.Net 5.2.4 steps such a rule through the repeated hour of a daylight-saving change forever
            throw ScheduleFaults.InvalidArgument($"{where}: a recurrence every hour in TZID {start.TzId} cannot be evaluated; use local or UTC times");
        }

        CalDateTime end;
        if (e.DtEnd is not null)
        {
            end = e.DtEnd;
        }
        else if (e.Duration is { } duration)
        {
            end = start.Add(duration);
        }
        else if (!start.HasTime)
        {
            end = start.AddDays(1);
        }
        else
        {
            throw ScheduleFaults.InvalidArgument($"{where} has neither DTEND nor DURATION, so it would never be active");
        }

        if (start.IsUtc != end.IsUtc || start.IsFloating != end.IsFloating || start.TzId != end.TzId)
        {
            throw ScheduleFaults.InvalidArgument($"{where}: DTSTART and DTEND must both be local time, both UTC or both in the same TZID");
        }

        if (end.Value <= start.Value)
        {
            throw ScheduleFaults.InvalidArgument($"{where}: DTEND {end.Value:yyyyMMdd'T'HHmmss} is not after DTSTART {start.Value:yyyyMMdd'T'HHmmss}");
        }

        var length = end.Value - start.Value;
        if (e.RecurrenceRule is { } rule && length > EventTimeline.NominalPeriod(rule) && EventTimeline.NominalPeriod(rule) > TimeSpan.Zero)
        {
            length = RewriteDateRangeForm(e, rule, start, end);
        }

        try
        {
            using var probe = e.GetOccurrences(start, EventTimeline.Limits).GetEnumerator();
            _ = probe.MoveNext();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw ScheduleFaults.InvalidArgument($"{where}: the recurrence cannot be evaluated: {ex.Message}");
        }

        return new EventTimeline(e, length);
    }

    /// <summary>
    /// An occurrence longer than its own recurrence step (spec A.5 and A.8: DTSTART 2016-01-01 07:00, DTEND
    /// 2016-12-31 18:00, weekly on weekdays) would overlap the next one and make the schedule permanently active
    /// under a literal RFC 5545 reading. The examples mean "from the start date to the end date, daily window
    /// from the start time to the end time", so the event is rewritten to that: one window per occurrence, and
    /// the series ends with the last window that fits before the original DTEND.
    /// </summary>
    private static TimeSpan RewriteDateRangeForm(CalendarEvent e, RecurrenceRule rule, CalDateTime start, CalDateTime end)
    {
        var windowEnd = start.Value.Date + end.Value.TimeOfDay;
        if (windowEnd <= start.Value)
        {
            windowEnd = windowEnd.AddDays(1);
        }

        var window = windowEnd - start.Value;
        var lastStart = end.Value - window;
        if (e.Duration is not null)
        {
            e.Duration = null;
        }

        e.DtEnd = new CalDateTime(windowEnd, start.TzId, true);
        if (rule.Until is null || rule.Until.Value > lastStart)
        {
            rule.Until = new CalDateTime(lastStart, start.TzId, true);
        }

        return window;
    }
}
