using Nvr.Scheduling.Book;
using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Model;
using Nvr.Scheduling.Tracking;
using Nvr.Scheduling.Tests.Book;
using static Nvr.Scheduling.Tests.ScheduleTestKit;

namespace Nvr.Scheduling.Tests.Tracking;

/// <summary>State events arrive exactly at the boundaries, driven by one timer per schedule on a virtual clock.</summary>
[Trait("Category", "Unit")]
public sealed class ScheduleStateTrackerTests : IDisposable
{
    private static readonly ScheduleState On = new(true, false);
    private static readonly ScheduleState Off = new(false, false);

    private readonly ScheduleTestKit _kit = new("Europe/Berlin");
    private readonly SteppingTimeProvider _time;
    private readonly List<ScheduleStateChanged> _events = [];
    private readonly ScheduleStateTracker _tracker;

    public ScheduleStateTrackerTests()
    {
        // Monday 2026-11-23 07:00 Berlin.
        _time = new SteppingTimeProvider(_kit.Local(2026, 11, 23, 7));
        _tracker = new ScheduleStateTracker(new ScheduleEvaluator("Europe/Berlin"), _time, _events.Add);
    }

    public void Dispose() => _tracker.Dispose();

    private static CompiledSchedule Weekdays(string token = "402") =>
        Compile(VCalendar("DTSTART:19700101T080000\nDTEND:19700101T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")) with { Token = token };

    [Fact]
    public void Reports_the_initial_state_then_each_boundary_exactly_when_the_clock_reaches_it()
    {
        _tracker.Track(Weekdays());
        Assert.Equal(new ScheduleStateChanged("402", "test", Off, _kit.Local(2026, 11, 23, 7), true), Assert.Single(_events));

        _time.AdvanceBy(TimeSpan.FromMinutes(59));
        Assert.Single(_events);
        _time.AdvanceBy(TimeSpan.FromMinutes(1));
        Assert.Equal(2, _events.Count);
        Assert.Equal(new ScheduleStateChanged("402", "test", On, _kit.Local(2026, 11, 23, 8), false), _events[1]);
        Assert.Equal(On, _tracker.GetState("402"));
        Assert.Equal(_kit.Local(2026, 11, 23, 17), _tracker.GetNextTransition("402"));

        _events.Clear();
        _time.AdvanceBy(TimeSpan.FromDays(7));
        var expected = new List<(DateTimeOffset, ScheduleState)>();
        for (var day = 23; day <= 30; day++)
        {
            var date = new DateOnly(2026, 11, day);
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            if (day != 23)
            {
                expected.Add((_kit.Local(2026, 11, day, 8), On));
            }

            if (day != 30)
            {
                expected.Add((_kit.Local(2026, 11, day, 17), Off));
            }
        }

        Assert.Equal(expected, _events.Select(e => (e.At, e.State)));
        Assert.Equal(1, _time.TimersCreated);
    }

    [Fact]
    public void Changing_a_special_day_group_re_evaluates_the_schedules_referring_to_it_immediately()
    {
        var book = new ScheduleBook(new ScheduleServiceCapabilities(), _time);
        book.Set(BookTestData.Group("holidays", VCalendar("DTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261226")));
        var saved = book.DecideSetSchedule(BookTestData.Schedule("office", BookTestData.Override("holidays")));
        book.Apply(saved);
        _tracker.Apply(book, saved);
        _time.AdvanceBy(TimeSpan.FromHours(2));
        Assert.Equal(On, _tracker.GetState("office"));
        _events.Clear();

        var holidayToday = book.DecideModifySpecialDayGroup(BookTestData.Group("holidays", VCalendar("DTSTART;VALUE=DATE:20261123\nDTEND;VALUE=DATE:20261124")));
        book.Apply(holidayToday);
        _tracker.Apply(book, holidayToday);
        Assert.Equal(new ScheduleStateChanged("office", "Office hours", new ScheduleState(false, true), _kit.Local(2026, 11, 23, 9), false), Assert.Single(_events));
        Assert.Equal(_kit.Local(2026, 11, 24, 0), _tracker.GetNextTransition("office"));

        _time.AdvanceBy(TimeSpan.FromDays(1));
        Assert.Equal([(_kit.Local(2026, 11, 24, 0), Off), (_kit.Local(2026, 11, 24, 8), On)], _events.Skip(1).Select(e => (e.At, e.State)));
    }

    [Fact]
    public void Untracked_and_deleted_schedules_report_nothing_more()
    {
        var book = new ScheduleBook(new ScheduleServiceCapabilities(), _time);
        book.Set(BookTestData.Schedule("office"));
        _tracker.Apply(book, new ScheduleSaved(BookTestData.Schedule("office")));
        _tracker.Track(Weekdays("other"));
        var deleted = book.DecideDeleteSchedule("office");
        book.Apply(deleted);
        _tracker.Apply(book, deleted);
        Assert.True(_tracker.Untrack("other"));
        _events.Clear();

        _time.AdvanceBy(TimeSpan.FromDays(3));
        Assert.Empty(_events);
        Assert.Equal(0, _tracker.Count);
        Assert.Null(_tracker.GetState("office"));
    }

    [Fact]
    public void Replacing_a_schedule_reports_the_new_state_at_once()
    {
        _tracker.Track(Weekdays());
        _tracker.Track(Compile(VCalendar("DTSTART:19700101T000000\nDTEND:19700102T000000\nRRULE:FREQ=DAILY")) with { Token = "402" });
        Assert.Equal([(Off, true), (On, false)], _events.Select(e => (e.State, e.Initial)));
        Assert.Equal(1, _time.TimersCreated);
    }

    [Fact]
    public void A_transition_months_away_fires_exactly_although_single_timer_waits_are_capped()
    {
        _tracker.Track(Compile(VCalendar("DTSTART:20270301T120000\nDTEND:20270301T130000")) with { Token = "once" });
        Assert.Equal(_kit.Local(2027, 3, 1, 12), _tracker.GetNextTransition("once"));
        _events.Clear();

        _time.AdvanceBy(TimeSpan.FromDays(120));
        Assert.Equal([(_kit.Local(2027, 3, 1, 12), On), (_kit.Local(2027, 3, 1, 13), Off)], _events.Select(e => (e.At, e.State)));
        Assert.Null(_tracker.GetNextTransition("once"));
    }
}
