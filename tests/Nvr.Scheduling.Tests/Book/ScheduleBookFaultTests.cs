using Microsoft.Extensions.Time.Testing;
using Nvr.Scheduling.Book;
using Nvr.Scheduling.Faults;
using Nvr.Scheduling.Model;
using static Nvr.Scheduling.Tests.Book.BookTestData;

namespace Nvr.Scheduling.Tests.Book;

/// <summary>The fault tables of the Schedule Service Specification 18.06 (5.2.3–5.3.10).</summary>
[Trait("Category", "Unit")]
public sealed class ScheduleBookFaultTests
{
    private readonly HashSet<string> _tokensUsedByJobs = [];
    private readonly ScheduleBook _book;

    public ScheduleBookFaultTests() =>
        _book = new ScheduleBook(new ScheduleServiceCapabilities(), new FakeTimeProvider(), _tokensUsedByJobs.Contains);

    private static void AssertFault(Action action, ScheduleFault expected)
    {
        var fault = Assert.Throws<ScheduleFaultException>(action);
        Assert.Equal(expected, fault.Fault);
        Assert.False(string.IsNullOrWhiteSpace(fault.Reason));
    }

    [Fact]
    public void Create_with_a_client_token_is_InvalidArgVal()
    {
        AssertFault(() => _book.DecideCreateSchedule(Schedule("mine")), ScheduleFault.InvalidArgument);
        AssertFault(() => _book.DecideCreateSpecialDayGroup(Group("mine")), ScheduleFault.InvalidArgument);
    }

    [Fact]
    public void Create_allocates_distinct_tokens_and_skips_tokens_taken_by_Set()
    {
        _book.Set(Schedule("schedule-1"));
        var a = _book.Create(Schedule());
        var b = _book.Create(Schedule());
        Assert.Equal(3, new HashSet<string> { "schedule-1", a, b }.Count);
        Assert.Equal(3, _book.ScheduleCount);
    }

    [Fact]
    public void Set_Modify_Delete_without_token_is_MissingToken()
    {
        AssertFault(() => _book.DecideSetSchedule(Schedule("")), ScheduleFault.MissingScheduleToken);
        AssertFault(() => _book.DecideModifySchedule(Schedule("")), ScheduleFault.MissingScheduleToken);
        AssertFault(() => _book.DecideDeleteSchedule(""), ScheduleFault.MissingScheduleToken);
        AssertFault(() => _book.DecideSetSpecialDayGroup(Group("")), ScheduleFault.MissingGroupToken);
        AssertFault(() => _book.DecideModifySpecialDayGroup(Group("")), ScheduleFault.MissingGroupToken);
        AssertFault(() => _book.DecideDeleteSpecialDayGroup(""), ScheduleFault.MissingGroupToken);
    }

    [Fact]
    public void Set_creates_then_replaces_under_the_same_token()
    {
        _book.Set(Schedule("s1"));
        _book.Set(Schedule("s1") with { Name = "renamed" });
        Assert.Equal(1, _book.ScheduleCount);
        Assert.True(_book.TryGetSchedule("s1", out var stored));
        Assert.Equal("renamed", stored.Name);
    }

    [Fact]
    public void Set_is_refused_when_client_tokens_are_not_supported()
    {
        var book = new ScheduleBook(new ScheduleServiceCapabilities { ClientSuppliedTokenSupported = false }, new FakeTimeProvider());
        AssertFault(() => book.DecideSetSchedule(Schedule("s1")), ScheduleFault.ClientTokenNotSupported);
        AssertFault(() => book.DecideSetSpecialDayGroup(Group("g1")), ScheduleFault.ClientTokenNotSupported);
    }

    [Fact]
    public void Modify_and_Delete_of_unknown_tokens_are_NotFound()
    {
        AssertFault(() => _book.DecideModifySchedule(Schedule("nope")), ScheduleFault.NotFound);
        AssertFault(() => _book.DecideDeleteSchedule("nope"), ScheduleFault.NotFound);
        AssertFault(() => _book.DecideModifySpecialDayGroup(Group("nope")), ScheduleFault.NotFound);
        AssertFault(() => _book.DecideDeleteSpecialDayGroup("nope"), ScheduleFault.NotFound);
        AssertFault(() => _book.CompileSchedule("nope"), ScheduleFault.NotFound);
    }

    [Fact]
    public void Unknown_special_day_group_reference_is_ReferenceNotFound()
    {
        AssertFault(() => _book.DecideCreateSchedule(Schedule("", Override("ghost"))), ScheduleFault.ReferenceNotFound);
        AssertFault(() => _book.DecideSetSchedule(Schedule("s", Override("ghost"))), ScheduleFault.ReferenceNotFound);
    }

    [Fact]
    public void Group_used_by_a_schedule_and_schedule_used_by_a_recording_job_are_ReferenceInUse()
    {
        _book.Set(Group("g1"));
        _book.Set(Schedule("s1", Override("g1")));
        AssertFault(() => _book.DecideDeleteSpecialDayGroup("g1"), ScheduleFault.ReferenceInUse);
        _tokensUsedByJobs.Add("s1");
        AssertFault(() => _book.DecideDeleteSchedule("s1"), ScheduleFault.ReferenceInUse);

        _tokensUsedByJobs.Clear();
        _book.Apply(_book.DecideDeleteSchedule("s1"));
        _book.Apply(_book.DecideDeleteSpecialDayGroup("g1"));
        Assert.Equal(0, _book.ScheduleCount);
        Assert.Equal(0, _book.SpecialDayGroupCount);
    }

    [Fact]
    public void Capacity_limits_are_CapabilityViolated()
    {
        var caps = new ScheduleServiceCapabilities
        {
            MaxSchedules = 1, MaxSpecialDayGroups = 1, MaxSpecialDaysSchedules = 1, MaxTimePeriodsPerDay = 2, MaxDaysInSpecialDayGroup = 1,
        };
        var book = new ScheduleBook(caps, new FakeTimeProvider());
        book.Set(Group("g1"));
        book.Set(Schedule("s1"));
        AssertFault(() => book.DecideCreateSchedule(Schedule()), ScheduleFault.MaxSchedules);
        AssertFault(() => book.DecideSetSchedule(Schedule("s2")), ScheduleFault.MaxSchedules);
        book.Set(Schedule("s1") with { Name = "replacing an existing one is fine at capacity" });
        AssertFault(() => book.DecideCreateSpecialDayGroup(Group()), ScheduleFault.MaxSpecialDayGroups);
        AssertFault(() => book.DecideSetSpecialDayGroup(Group("g2")), ScheduleFault.MaxSpecialDayGroups);
        AssertFault(() => book.DecideModifySchedule(Schedule("s1", Override("g1"), Override("g1"))),
            ScheduleFault.MaxSpecialDaysSchedules);
        AssertFault(() => book.DecideModifySchedule(Schedule("s1", Override("g1", ScheduleTestKit.Period(1, 2), ScheduleTestKit.Period(3, 4), ScheduleTestKit.Period(5, 6)))),
            ScheduleFault.MaxTimePeriodsPerDay);
        var twoDays = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261226\nEND:VEVENT\nEND:VCALENDAR\n";
        AssertFault(() => book.DecideModifySpecialDayGroup(Group("g1", twoDays)), ScheduleFault.MaxDaysInSpecialDayGroup);
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(16, 8)]
    public void TimePeriod_with_Until_not_after_From_is_InvalidArgVal(int from, int until)
    {
        _book.Set(Group("g1"));
        AssertFault(() => _book.DecideSetSchedule(Schedule("s1", Override("g1", ScheduleTestKit.Period(from, until)))), ScheduleFault.InvalidArgument);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not a calendar", "cannot be parsed")]
    [InlineData("BEGIN:VCALENDAR\nEND:VCALENDAR\n", "no VEVENT")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101T080000\nDTEND:20260101T170000\n", "cannot be parsed")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nDTEND:20260101T170000\nEND:VEVENT\nEND:VCALENDAR\n", "no DTSTART")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101T080000\nEND:VEVENT\nEND:VCALENDAR\n", "neither DTEND nor DURATION")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101T180000\nDTEND:20260101T080000\nEND:VEVENT\nEND:VCALENDAR\n", "not after DTSTART")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101T080000\nDTEND:20260101T170000\nRRULE:FREQ=FORTNIGHTLY\nEND:VEVENT\nEND:VCALENDAR\n", "FORTNIGHTLY")]
    [InlineData("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101T080000\nDTEND:20260101T170000Z\nEND:VEVENT\nEND:VCALENDAR\n", "both UTC")]
    public void Invalid_iCalendar_is_InvalidArgVal_saying_what_is_wrong(string standard, string expectedInMessage)
    {
        var fault = Assert.Throws<ScheduleFaultException>(() => _book.DecideSetSchedule(Schedule("s1") with { Standard = standard }));
        Assert.Equal(ScheduleFault.InvalidArgument, fault.Fault);
        Assert.Contains(expectedInMessage, fault.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Standard", fault.Reason, StringComparison.Ordinal);

        var groupFault = Assert.Throws<ScheduleFaultException>(() => _book.DecideSetSpecialDayGroup(Group("g1", standard.Length == 0 ? "x" : standard)));
        Assert.Equal(ScheduleFault.InvalidArgument, groupFault.Fault);
    }

    [Fact]
    public void Long_name_is_InvalidArgVal_and_long_description_is_chopped()
    {
        AssertFault(() => _book.DecideSetSchedule(Schedule("s1") with { Name = new string('n', 65) }), ScheduleFault.InvalidArgument);
        AssertFault(() => _book.DecideSetSchedule(Schedule(new string('t', 65))), ScheduleFault.InvalidArgument);
        _book.Set(Schedule("s1") with { Description = new string('d', 2000) });
        Assert.True(_book.TryGetSchedule("s1", out var stored));
        Assert.Equal(1024, stored.Description!.Length);
    }

    [Fact]
    public void Get_by_tokens_ignores_unknown_tokens_and_refuses_more_than_MaxLimit()
    {
        var book = new ScheduleBook(new ScheduleServiceCapabilities { MaxLimit = 3 }, new FakeTimeProvider());
        book.Set(Schedule("a"));
        book.Set(Group("g"));
        Assert.Equal(["a"], book.GetSchedules(["x", "a", "y"]).Select(s => s.Token));
        Assert.Equal(["a"], book.GetScheduleInfo(["a"]).Select(s => s.Token));
        Assert.Empty(book.GetSpecialDayGroups(["nope"]));
        Assert.Equal(["g"], book.GetSpecialDayGroupInfo(["g"]).Select(s => s.Token));
        string[] four = ["a", "b", "c", "d"];
        AssertFault(() => book.GetSchedules(four), ScheduleFault.TooManyItems);
        AssertFault(() => book.GetScheduleInfo(four), ScheduleFault.TooManyItems);
        AssertFault(() => book.GetSpecialDayGroups(four), ScheduleFault.TooManyItems);
        AssertFault(() => book.GetSpecialDayGroupInfo(four), ScheduleFault.TooManyItems);
    }
}
