using Nvr.Scheduling.Model;
using static Nvr.Scheduling.Tests.ScheduleTestKit;

namespace Nvr.Scheduling.Tests.Evaluation;

/// <summary>
/// Local iCalendar times follow the appliance's wall clock across DST changes. A wall-clock time skipped by a
/// spring-forward change takes effect at the end of the gap; a repeated one at its first occurrence.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DaylightSavingTests
{
    private static readonly ScheduleState On = new(true, false);
    private static readonly ScheduleState Off = new(false, false);

    private static readonly string Daily1To4 = VCalendar("DTSTART:20260101T010000\nDTEND:20260101T040000\nRRULE:FREQ=DAILY");
    private static readonly string Daily0230To0330 = VCalendar("DTSTART:20260101T023000\nDTEND:20260101T033000\nRRULE:FREQ=DAILY");
    private static readonly string Weekdays8To17 = VCalendar("DTSTART:19700101T080000\nDTEND:19700101T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");

    [Fact]
    public void Berlin_spring_forward_shortens_a_1_to_4_window_to_two_real_hours()
    {
        var kit = new ScheduleTestKit("Europe/Berlin");
        var s = Compile(Daily1To4);
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST. 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z.
        Assert.Equal(Utc(2026, 3, 29, 0), kit.Next(s, Utc(2026, 3, 28, 23, 30)));
        Assert.Equal(On, kit.State(s, Utc(2026, 3, 29, 1, 59, 59)));
        Assert.Equal(Utc(2026, 3, 29, 2), kit.Next(s, Utc(2026, 3, 29, 0)));
        Assert.Equal(Off, kit.State(s, Utc(2026, 3, 29, 2)));
    }

    [Fact]
    public void Berlin_spring_forward_starts_a_window_inside_the_gap_at_the_end_of_the_gap()
    {
        var kit = new ScheduleTestKit("Europe/Berlin");
        var s = Compile(Daily0230To0330);
        // 02:30 does not exist on 2026-03-29; the clock reads 03:00 CEST at 01:00Z; 03:30 CEST = 01:30Z.
        Assert.Equal([(Utc(2026, 3, 29, 1), On), (Utc(2026, 3, 29, 1, 30), Off)], kit.Transitions(s, Utc(2026, 3, 28, 23), 2));
        // The day before, a normal CET day: 02:30 CET = 01:30Z.
        Assert.Equal(Utc(2026, 3, 28, 1, 30), kit.Next(s, Utc(2026, 3, 28, 0)));
    }

    [Fact]
    public void Berlin_fall_back_lengthens_a_1_to_4_window_to_four_real_hours()
    {
        var kit = new ScheduleTestKit("Europe/Berlin");
        var s = Compile(Daily1To4);
        // 2026-10-25: 03:00 CEST falls back to 02:00 CET. 01:00 CEST = 23:00Z (24th), 04:00 CET = 03:00Z.
        Assert.Equal([(Utc(2026, 10, 24, 23), On), (Utc(2026, 10, 25, 3), Off)], kit.Transitions(s, Utc(2026, 10, 24, 12), 2));
    }

    [Fact]
    public void Berlin_office_hours_follow_local_time_across_the_change()
    {
        var kit = new ScheduleTestKit("Europe/Berlin");
        var s = Compile(Weekdays8To17);
        Assert.Equal(Utc(2026, 3, 27, 7), kit.Next(s, Utc(2026, 3, 27, 0)));
        Assert.Equal(Utc(2026, 3, 30, 6), kit.Next(s, Utc(2026, 3, 28, 12)));
        Assert.Equal(Utc(2026, 10, 26, 7), kit.Next(s, Utc(2026, 10, 24, 12)));
    }

    [Fact]
    public void New_York_spring_forward_and_fall_back()
    {
        var kit = new ScheduleTestKit("America/New_York");
        var s = Compile(Daily1To4);
        // 2026-03-08: 02:00 EST -> 03:00 EDT. 01:00 EST = 06:00Z, 04:00 EDT = 08:00Z.
        Assert.Equal([(Utc(2026, 3, 8, 6), On), (Utc(2026, 3, 8, 8), Off)], kit.Transitions(s, Utc(2026, 3, 8, 0), 2));
        // 2026-11-01: 02:00 EDT -> 01:00 EST. 01:00 is repeated: the first (EDT, 05:00Z) starts; 04:00 EST = 09:00Z.
        Assert.Equal([(Utc(2026, 11, 1, 5), On), (Utc(2026, 11, 1, 9), Off)], kit.Transitions(s, Utc(2026, 11, 1, 0), 2));
        var gap = Compile(Daily0230To0330);
        // 02:30 is skipped on 2026-03-08: starts at 07:00Z (03:00 EDT), ends 03:30 EDT = 07:30Z.
        Assert.Equal([(Utc(2026, 3, 8, 7), On), (Utc(2026, 3, 8, 7, 30), Off)], kit.Transitions(gap, Utc(2026, 3, 8, 0), 2));
    }

    [Fact]
    public void Special_day_time_ranges_follow_local_time_on_a_DST_day()
    {
        var kit = new ScheduleTestKit("America/New_York");
        var group = VCalendar("DTSTART;VALUE=DATE:20261101\nDTEND;VALUE=DATE:20261102");
        var s = Compile(Weekdays8To17, (group, [Period(0, 6)]));
        // Sunday 2026-11-01 is 25 hours long: 00:00 EDT = 04:00Z until 06:00 EST = 11:00Z.
        Assert.Equal(
            [(Utc(2026, 11, 1, 4), new ScheduleState(true, true)), (Utc(2026, 11, 1, 11), new ScheduleState(false, true)), (Utc(2026, 11, 2, 5), Off)],
            kit.Transitions(s, Utc(2026, 10, 31, 12), 3));
    }

    [Fact]
    public void A_UTC_calendar_ignores_the_appliance_zone()
    {
        var s = Compile(VCalendar("DTSTART:20260101T080000Z\nDTEND:20260101T170000Z\nRRULE:FREQ=DAILY"));
        foreach (var zone in new[] { "Europe/Berlin", "America/New_York", "Asia/Tokyo" })
        {
            var kit = new ScheduleTestKit(zone);
            Assert.Equal([(Utc(2026, 3, 29, 8), On), (Utc(2026, 3, 29, 17), Off)], kit.Transitions(s, Utc(2026, 3, 29, 0), 2));
        }
    }
}
