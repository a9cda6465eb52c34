using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Model;
using static Nvr.Scheduling.Tests.ScheduleTestKit;

namespace Nvr.Scheduling.Tests.Evaluation;

/// <summary>Every example of Annex A of the Schedule Service Specification 18.06, probed at chosen instants.</summary>
[Trait("Category", "Unit")]
public sealed class AnnexAExamplesTests
{
    private static readonly ScheduleState Inactive = new(false, false);
    private static readonly ScheduleState Active = new(true, false);
    private static readonly ScheduleState SpecialInactive = new(false, true);
    private static readonly ScheduleState SpecialActive = new(true, true);

    private readonly ScheduleTestKit _kit = new("Europe/Berlin");

    private const string ChristmasGroup = """
        BEGIN:VCALENDAR
        PRODID:VERSION:2.0
        BEGIN:VEVENT
        SUMMARY:Christmas day
        DTSTART:20141225T000000
        DTEND:20141226T000000
        UID:Holiday@ONVIF.com
        END:VEVENT
        END:VCALENDAR
        """;

    private const string MondayWednesday8To17 = """
        BEGIN:VCALENDAR
        PRODID:VERSION:2.0
        BEGIN:VEVENT
        SUMMARY:Access on Monday and Wednesday from 8 AM to 5 PM
        DTSTART:19700105T080000
        DTEND:19700105T170000
        RRULE:FREQ=WEEKLY;BYDAY=MO,WE
        UID:Event@ONVIF.com
        END:VEVENT
        END:VCALENDAR
        """;

    private const string Weekdays8To17 = """
        BEGIN:VCALENDAR
        BEGIN:VEVENT
        SUMMARY:Access on weekdays from 8 AM to 5 PM for employees
        DTSTART:19700101T080000
        DTEND: 19700101T170000
        RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
        END:VEVENT
        END:VCALENDAR
        """;

    [Fact]
    public void A1_access_24x7_is_always_active_and_never_changes()
    {
        var s = Compile(VCalendar("SUMMARY:Access 24*7\nDTSTART:19700101T000000\nDTEND:19700102T000000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU"));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 23, 0, 0)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 29, 23, 59, 59)));
        Assert.Equal(Active, _kit.State(s, Utc(2026, 3, 29, 1, 30)));
        Assert.Null(_kit.Next(s, _kit.Local(2026, 11, 25, 12)));
    }

    [Fact]
    public void A2_monday_and_wednesday_6_to_20()
    {
        var s = Compile(VCalendar("DTSTART:19700105T060000\nDTEND:19700105T200000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE"));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 11, 23, 5, 59, 59)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 23, 6)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 23, 19, 59, 59)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 11, 23, 20)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 11, 24, 12)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 25, 12)));
        Assert.Equal(_kit.Local(2026, 11, 23, 6), _kit.Next(s, _kit.Local(2026, 11, 22, 12)));
        Assert.Equal(_kit.Local(2026, 11, 25, 6), _kit.Next(s, _kit.Local(2026, 11, 23, 20)));
    }

    [Fact]
    public void A3_case_A_multi_day_weekly_event_friday_18_to_monday_7()
    {
        var s = Compile(VCalendar("DTSTART:20140523T180000\nDTEND:20140526T070000\nRRULE:FREQ=WEEKLY;BYDAY=FR"));
        AssertFridayToMonday(s);
    }

    [Fact]
    public void A3_case_B_three_weekly_events_friday_18_to_monday_7()
    {
        var s = Compile(VCalendar(
            "SUMMARY:Access from Friday 6 PM to Friday midnight\nDTSTART:19700102T180000\nDTEND:19700103T000000\nRRULE:FREQ=WEEKLY;BYDAY=FR",
            "SUMMARY:Access for all Saturdays and all Sundays\nDTSTART:19700103T000000\nDTEND:19700104T000000\nRRULE:FREQ=WEEKLY;BYDAY=SA,SU",
            "SUMMARY:Access from Sunday midnight to Monday 7 AM\nDTSTART:19700105T000000\nDTEND:19700105T070000\nRRULE:FREQ=WEEKLY;BYDAY=MO"));
        AssertFridayToMonday(s);
    }

    [Fact]
    public void A4_weekdays_8_to_17_even_with_a_blank_after_the_DTEND_colon()
    {
        var s = Compile(Weekdays8To17);
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 11, 23, 7, 59, 59)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 23, 8)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 27, 16, 59, 59)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 11, 27, 17)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 11, 28, 10)));
        Assert.Equal(_kit.Local(2026, 11, 30, 8), _kit.Next(s, _kit.Local(2026, 11, 27, 17)));
    }

    [Fact]
    public void A5_case_A_daily_9_to_18_from_2014_01_15_to_2015_01_14()
    {
        var s = Compile(VCalendar("DTSTART:20140115T090000\nDTEND:20150114T180000\nRRULE:FREQ=DAILY"));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2014, 1, 14, 10)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2014, 1, 15, 9)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2014, 6, 1, 8, 59, 59)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2014, 6, 1, 17, 59, 59)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2014, 6, 1, 18)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2015, 1, 14, 17, 59, 59)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2015, 1, 15, 10)));
        Assert.Null(_kit.Next(s, _kit.Local(2015, 1, 14, 18)));
    }

    [Fact]
    public void A6_no_access_on_christmas_day_empty_time_range()
    {
        foreach (var standard in new[] { MondayWednesday8To17, Weekdays8To17 })
        {
            var s = Compile(standard, (ChristmasGroup, []));
            Assert.Equal(Active, _kit.State(s, _kit.Local(2014, 12, 24, 10)));
            Assert.Equal(SpecialInactive, _kit.State(s, _kit.Local(2014, 12, 25, 0)));
            Assert.Equal(SpecialInactive, _kit.State(s, _kit.Local(2014, 12, 25, 10)));
            Assert.Equal(SpecialInactive, _kit.State(s, _kit.Local(2014, 12, 25, 23, 59, 59)));
            Assert.False(_kit.State(s, _kit.Local(2014, 12, 26, 0)).SpecialDay);
        }

        var weekdays = Compile(Weekdays8To17, (ChristmasGroup, []));
        Assert.Equal(Active, _kit.State(weekdays, _kit.Local(2014, 12, 26, 10)));
    }

    [Fact]
    public void A7_access_all_christmas_day_with_from_midnight_and_no_until()
    {
        var s = Compile(MondayWednesday8To17, (ChristmasGroup, [Period(0)]));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2014, 12, 24, 23, 59, 59)));
        Assert.Equal(SpecialActive, _kit.State(s, _kit.Local(2014, 12, 25, 0)));
        Assert.Equal(SpecialActive, _kit.State(s, _kit.Local(2014, 12, 25, 23, 59, 59)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2014, 12, 26, 0)));
        Assert.Equal(_kit.Local(2014, 12, 26, 0), _kit.Next(s, _kit.Local(2014, 12, 25, 0)));
    }

    private const string BootCamp = """
        BEGIN:VCALENDAR
        PRODID:VERSION:2.0
        BEGIN:VEVENT
        SUMMARY:Boot camp
        DTSTART:20160610T140000
        DTEND:20160611T100000
        UID:TeamBuilding@ONVIF.com
        END:VEVENT
        END:VCALENDAR
        """;

    private static string Workhours2016(int startHour) => VCalendar(
        $"SUMMARY:Access on weekdays\nDTSTART:20160101T{startHour:00}0000\nDTEND:20161231T180000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nUID:Workhours@ONVIF.com");

    [Fact]
    public void A8_partial_special_day_gives_6_to_16_on_friday_and_8_to_10_on_saturday_as_in_figure_6()
    {
        var s = Compile(Workhours2016(6), (BootCamp, [Period(8, 16)]));
        var transitions = _kit.Transitions(s, _kit.Local(2016, 6, 10, 0), 6);
        Assert.Equal(
            [
                (_kit.Local(2016, 6, 10, 6), Active),
                (_kit.Local(2016, 6, 10, 14), SpecialActive),
                (_kit.Local(2016, 6, 10, 16), SpecialInactive),
                (_kit.Local(2016, 6, 11, 8), SpecialActive),
                (_kit.Local(2016, 6, 11, 10), Inactive),
                (_kit.Local(2016, 6, 13, 6), Active),
            ],
            transitions);
    }

    [Fact]
    public void A8_as_written_with_7_am_start_and_the_special_day_overriding_friday_16_to_18()
    {
        var s = Compile(Workhours2016(7), (BootCamp, [Period(8, 16)]));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2016, 6, 9, 17, 59, 59)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2016, 6, 9, 18)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2016, 6, 10, 6, 59, 59)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2016, 6, 10, 7)));
        Assert.Equal(SpecialActive, _kit.State(s, _kit.Local(2016, 6, 10, 15, 59, 59)));
        Assert.Equal(SpecialInactive, _kit.State(s, _kit.Local(2016, 6, 10, 17)));
        Assert.Equal(SpecialInactive, _kit.State(s, _kit.Local(2016, 6, 11, 7, 59, 59)));
        Assert.Equal(SpecialActive, _kit.State(s, _kit.Local(2016, 6, 11, 9, 59, 59)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2016, 6, 11, 10)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2017, 1, 2, 10)));
    }

    private void AssertFridayToMonday(CompiledSchedule s)
    {
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 11, 27, 17, 59, 59)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 27, 18)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 28, 0)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 29, 12)));
        Assert.Equal(Active, _kit.State(s, _kit.Local(2026, 11, 30, 6, 59, 59)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 11, 30, 7)));
        Assert.Equal(Inactive, _kit.State(s, _kit.Local(2026, 12, 2, 12)));
        Assert.Equal(_kit.Local(2026, 11, 27, 18), _kit.Next(s, _kit.Local(2026, 11, 26, 12)));
        Assert.Equal(_kit.Local(2026, 11, 30, 7), _kit.Next(s, _kit.Local(2026, 11, 27, 20)));
    }
}
