using Nvr.Scheduling.Model;
using static Nvr.Scheduling.Tests.ScheduleTestKit;

namespace Nvr.Scheduling.Tests.Evaluation;

/// <summary>Extended recurrence (4.2.3), exceptions (4.2.4), special day overrides (5.2.2.3) and periods across midnight.</summary>
[Trait("Category", "Unit")]
public sealed class RecurrenceRulesTests
{
    private static readonly ScheduleState On = new(true, false);
    private static readonly ScheduleState Off = new(false, false);
    private readonly ScheduleTestKit _kit = new("Europe/Berlin");

    [Fact]
    public void A_daily_window_across_midnight_is_active_until_the_next_morning()
    {
        var s = Compile(VCalendar("DTSTART:20260101T220000\nDTEND:20260102T060000\nRRULE:FREQ=DAILY"));
        Assert.Equal(Off, _kit.State(s, _kit.Local(2026, 11, 23, 21, 59, 59)));
        Assert.Equal(On, _kit.State(s, _kit.Local(2026, 11, 23, 23, 59, 59)));
        Assert.Equal(On, _kit.State(s, _kit.Local(2026, 11, 24, 0)));
        Assert.Equal(_kit.Local(2026, 11, 24, 6), _kit.Next(s, _kit.Local(2026, 11, 23, 23)));
        Assert.Equal(_kit.Local(2026, 11, 24, 22), _kit.Next(s, _kit.Local(2026, 11, 24, 6)));
    }

    [Fact]
    public void Weekly_with_an_EXDATE_skips_that_monday()
    {
        var s = Compile(VCalendar("DTSTART:20261102T080000\nDTEND:20261102T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE:20261123T080000"));
        Assert.Equal(On, _kit.State(s, _kit.Local(2026, 11, 16, 10)));
        Assert.Equal(Off, _kit.State(s, _kit.Local(2026, 11, 23, 10)));
        Assert.Equal(On, _kit.State(s, _kit.Local(2026, 11, 30, 10)));
        Assert.Equal(_kit.Local(2026, 11, 30, 8), _kit.Next(s, _kit.Local(2026, 11, 16, 17)));
    }

    [Theory]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=1,15", 2026, 12, 15, true)]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=1,15", 2026, 12, 14, false)]
    [InlineData("FREQ=MONTHLY;BYDAY=1MO", 2026, 12, 7, true)]
    [InlineData("FREQ=MONTHLY;BYDAY=1MO", 2026, 12, 14, false)]
    [InlineData("FREQ=YEARLY;BYMONTH=7", 2027, 7, 1, true)]
    [InlineData("FREQ=YEARLY;BYMONTH=7", 2027, 8, 1, false)]
    [InlineData("FREQ=YEARLY", 2030, 1, 1, true)]
    [InlineData("FREQ=DAILY;INTERVAL=3", 2026, 1, 4, true)]
    [InlineData("FREQ=DAILY;INTERVAL=3", 2026, 1, 5, false)]
    [InlineData("FREQ=DAILY;COUNT=3", 2026, 1, 3, true)]
    [InlineData("FREQ=DAILY;COUNT=3", 2026, 1, 4, false)]
    [InlineData("FREQ=WEEKLY;UNTIL=20260115T100000", 2026, 1, 15, true)]
    [InlineData("FREQ=WEEKLY;UNTIL=20260115T100000", 2026, 1, 22, false)]
    [InlineData("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", 2026, 1, 29, true)]
    [InlineData("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH", 2026, 1, 22, false)]
    public void Extended_recurrence_patterns_at_10_am(string rule, int year, int month, int day, bool active)
    {
        // 2026-01-01 is a Thursday.
        var s = Compile(VCalendar($"DTSTART:20260101T090000\nDTEND:20260101T110000\nRRULE:{rule}"));
        Assert.Equal(active, _kit.State(s, _kit.Local(year, month, day, 10)).Active);
    }

    [Theory]
    [InlineData("FREQ=HOURLY;INTERVAL=2", 120)]
    [InlineData("FREQ=MINUTELY;INTERVAL=15", 15)]
    [InlineData("FREQ=SECONDLY;INTERVAL=30", 0.5)]
    public void Sub_daily_recurrence_from_1970_is_evaluated_in_2026(string rule, double periodMinutes)
    {
        var s = Compile(VCalendar($"DTSTART:19700101T000000\nDTEND:19700101T000010\nRRULE:{rule}"));
        var start = _kit.Local(2026, 11, 23, 12);
        Assert.Equal(new ScheduleState(true, false), _kit.State(s, start));
        Assert.Equal(start.AddSeconds(10), _kit.Next(s, start));
        Assert.Equal(start.AddMinutes(periodMinutes), _kit.Next(s, start.AddSeconds(10)));
    }

    [Fact]
    public void Overlapping_special_day_groups_use_the_union_of_their_time_ranges()
    {
        var day = VCalendar("DTSTART;VALUE=DATE:20261224\nDTEND;VALUE=DATE:20261225");
        var s = Compile(VCalendar("DTSTART:19700101T080000\nDTEND:19700101T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
            (day, []), (day, [Period(7, 9), Period(12, 13)]), (day, [Period(8, 10)]));
        Assert.Equal(
            [
                (_kit.Local(2026, 12, 24, 0), new ScheduleState(false, true)),
                (_kit.Local(2026, 12, 24, 7), new ScheduleState(true, true)),
                (_kit.Local(2026, 12, 24, 10), new ScheduleState(false, true)),
                (_kit.Local(2026, 12, 24, 12), new ScheduleState(true, true)),
                (_kit.Local(2026, 12, 24, 13), new ScheduleState(false, true)),
                (_kit.Local(2026, 12, 25, 0), Off),
                (_kit.Local(2026, 12, 25, 8), On),
            ],
            _kit.Transitions(s, _kit.Local(2026, 12, 23, 18), 7));
    }

    [Fact]
    public void Time_range_until_is_exclusive_and_missing_until_means_midnight()
    {
        var day = VCalendar("DTSTART:20261224T000000\nDTEND:20261225T000000");
        var s = Compile(VCalendar("DTSTART:19700101T080000\nDTEND:19700101T090000\nRRULE:FREQ=DAILY"), (day, [Period(22)]));
        Assert.False(_kit.State(s, _kit.Local(2026, 12, 24, 21, 59, 59)).Active);
        Assert.True(_kit.State(s, _kit.Local(2026, 12, 24, 22)).Active);
        Assert.True(_kit.State(s, _kit.Local(2026, 12, 24, 23, 59, 59)).Active);
        Assert.Equal(_kit.Local(2026, 12, 25, 0), _kit.Next(s, _kit.Local(2026, 12, 24, 22)));
    }
}
