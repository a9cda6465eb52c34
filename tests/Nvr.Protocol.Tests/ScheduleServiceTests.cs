using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>The ONVIF Schedule service over SOAP: every operation, the fault tables, paging, gating of recording jobs.</summary>
public sealed class ScheduleServiceTests : IClassFixture<ValidatedApplianceFixture>
{
    private const string Weekdays = "BEGIN:VCALENDAR&#10;BEGIN:VEVENT&#10;SUMMARY:office&#10;DTSTART:19700105T080000&#10;DTEND:19700105T170000&#10;" +
                                    "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR&#10;END:VEVENT&#10;END:VCALENDAR";

    private const string Holidays = "BEGIN:VCALENDAR&#10;BEGIN:VEVENT&#10;SUMMARY:new year&#10;DTSTART;VALUE=DATE:20270101&#10;" +
                                    "DTEND;VALUE=DATE:20270102&#10;END:VEVENT&#10;END:VCALENDAR";

    private readonly OnvifSoapClient _schedule;
    private readonly OnvifSoapClient _recording;

    public ScheduleServiceTests(ValidatedApplianceFixture fixture)
    {
        _schedule = fixture.Schedule;
        _recording = fixture.Recording;
    }

    private static string Schedule(string token, string name, string standard = Weekdays, string specialDays = "") =>
        $"<tsc:Schedule token=\"{token}\"><tsc:Name>{name}</tsc:Name><tsc:Description>test</tsc:Description>" +
        $"<tsc:Standard>{standard}</tsc:Standard>{specialDays}</tsc:Schedule>";

    private static string Group(string token, string name, string days = Holidays) =>
        $"<tsc:SpecialDayGroup token=\"{token}\"><tsc:Name>{name}</tsc:Name><tsc:Days>{days}</tsc:Days></tsc:SpecialDayGroup>";

    private static string SpecialDays(string group, string from = "09:00:00", string until = "12:00:00") =>
        $"<tsc:SpecialDays><tsc:GroupToken>{group}</tsc:GroupToken><tsc:TimeRange><tsc:From>{from}</tsc:From><tsc:Until>{until}</tsc:Until></tsc:TimeRange></tsc:SpecialDays>";

    [Fact]
    public async Task Schedules_and_special_day_groups_round_trip()
    {
        var capabilities = (await _schedule.CallAsync("GetServiceCapabilities")).Element(Wire.Tsc + "Capabilities")!;
        Assert.Equal(("true", "true", "true", "true"), (capabilities.Attribute("ExtendedRecurrenceSupported")!.Value, capabilities.Attribute("SpecialDaysSupported")!.Value,
            capabilities.Attribute("StateReportingSupported")!.Value, capabilities.Attribute("ClientSuppliedTokenSupported")!.Value));

        var group = (await _schedule.CallAsync("CreateSpecialDayGroup", Group(string.Empty, "holidays"))).Text(Wire.Tsc + "Token");
        var token = (await _schedule.CallAsync("CreateSchedule", Schedule(string.Empty, "office", specialDays: SpecialDays(group)))).Text(Wire.Tsc + "Token");
        var schedule = (await _schedule.CallAsync("GetSchedules", $"<tsc:Token>{token}</tsc:Token>")).Element(Wire.Tsc + "Schedule")!;
        Assert.Equal(("office", group, "09:00:00", "12:00:00"), (schedule.Text(Wire.Tsc + "Name"), schedule.Text(Wire.Tsc + "GroupToken"),
            schedule.Text(Wire.Tsc + "From"), schedule.Text(Wire.Tsc + "Until")));
        Assert.Contains("FREQ=WEEKLY", schedule.Text(Wire.Tsc + "Standard"), StringComparison.Ordinal);

        await _schedule.CallAsync("ModifySchedule", Schedule(token, "office hours"));
        var info = await _schedule.CallAsync("GetScheduleInfo", $"<tsc:Token>{token}</tsc:Token>");
        Assert.Equal("office hours", info.Text(Wire.Tsc + "Name"));

        await _schedule.CallAsync("SetSpecialDayGroup", Group("client-group", "client supplied"));
        Assert.Equal("client supplied", (await _schedule.CallAsync("GetSpecialDayGroupInfo", "<tsc:Token>client-group</tsc:Token>")).Text(Wire.Tsc + "Name"));
        await _schedule.CallAsync("ModifySpecialDayGroup", Group("client-group", "renamed"));
        Assert.Equal("renamed", (await _schedule.CallAsync("GetSpecialDayGroups", "<tsc:Token>client-group</tsc:Token>")).Text(Wire.Tsc + "Name"));

        var state = (await _schedule.CallAsync("GetScheduleState", $"<tsc:Token>{token}</tsc:Token>")).Element(Wire.Tsc + "ScheduleState")!;
        Assert.Contains(state.Text(Wire.Tsc + "Active"), new[] { "true", "false" });

        await _schedule.CallAsync("SetSchedule", Schedule("client-schedule", "set by client"));
        await _schedule.CallAsync("DeleteSchedule", "<tsc:Token>client-schedule</tsc:Token>");
        await _schedule.CallAsync("DeleteSpecialDayGroup", "<tsc:Token>client-group</tsc:Token>");
        Assert.Equal("Sender/InvalidArgVal/NotFound", await _schedule.FaultAsync("GetScheduleState", "<tsc:Token>client-schedule</tsc:Token>"));
    }

    [Fact]
    public async Task Paging_through_250_schedules_with_Limit_7_returns_each_once()
    {
        for (var i = 0; i < 250; i++)
        {
            await _schedule.CallAsync("SetSchedule", Schedule($"page-{i:D3}", $"page {i}"));
        }

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var body = "<tsc:Limit>7</tsc:Limit>" + (next is null ? string.Empty : $"<tsc:StartReference>{next}</tsc:StartReference>");
            var page = await _schedule.CallAsync("GetScheduleInfoList", body);
            var items = page.Elements(Wire.Tsc + "ScheduleInfo").Select(e => e.Attribute("token")!.Value).ToList();
            Assert.InRange(items.Count, 0, 7);
            seen.AddRange(items);
            next = page.Element(Wire.Tsc + "NextStartReference")?.Value;
            pages++;
        }
        while (next is not null && pages < 100);

        var paged = seen.Where(t => t.StartsWith("page-", StringComparison.Ordinal)).ToList();
        Assert.Equal(250, paged.Count);
        Assert.Equal(250, paged.Distinct().Count());
        Assert.Equal("Sender/InvalidArgVal/InvalidStartReference",
            await _schedule.FaultAsync("GetScheduleList", "<tsc:Limit>7</tsc:Limit><tsc:StartReference>forged-reference</tsc:StartReference>"));
    }

    [Fact]
    public async Task The_fault_tables_are_followed()
    {
        Assert.Equal("Sender/InvalidArgVal", await _schedule.FaultAsync("CreateSchedule", Schedule("my-token", "token on create")));
        Assert.Equal("Sender/InvalidArgs/MissingToken", await _schedule.FaultAsync("ModifySchedule", Schedule(string.Empty, "no token")));
        Assert.Equal("Sender/InvalidArgVal/NotFound", await _schedule.FaultAsync("ModifySchedule", Schedule("nobody", "unknown")));
        Assert.Equal("Sender/InvalidArgVal/NotFound", await _schedule.FaultAsync("DeleteSchedule", "<tsc:Token>nobody</tsc:Token>"));
        Assert.Equal("Sender/InvalidArgVal/ReferenceNotFound", await _schedule.FaultAsync("CreateSchedule", Schedule(string.Empty, "x", specialDays: SpecialDays("no-group"))));
        Assert.Equal("Sender/InvalidArgVal", await _schedule.FaultAsync("CreateSchedule", Schedule(string.Empty, "x", "not an iCalendar")));
        await _schedule.CallAsync("SetSpecialDayGroup", Group("period-group", "periods"));
        Assert.Equal("Sender/InvalidArgVal", await _schedule.FaultAsync("CreateSchedule",
            Schedule(string.Empty, "until before from", specialDays: SpecialDays("period-group", "12:00:00", "09:00:00"))));
        var tooMany = string.Concat(Enumerable.Range(0, 101).Select(i => $"<tsc:Token>t{i}</tsc:Token>"));
        Assert.Equal("Sender/InvalidArgs/TooManyItems", await _schedule.FaultAsync("GetSchedules", tooMany));

        // A group used by a schedule, and a schedule used by a recording job, cannot be deleted.
        await _schedule.CallAsync("SetSpecialDayGroup", Group("used-group", "used"));
        await _schedule.CallAsync("SetSchedule", Schedule("used-schedule", "used", specialDays: SpecialDays("used-group")));
        Assert.Equal("Sender/InvalidArgVal/ReferenceInUse", await _schedule.FaultAsync("DeleteSpecialDayGroup", "<tsc:Token>used-group</tsc:Token>"));
        var recording = (await _recording.CallAsync("CreateRecording", RecordingConfiguration("scheduled"))).Text(Wire.Trc + "RecordingToken");
        await _recording.CallAsync("CreateRecordingJob", $"<trc:JobConfiguration ScheduleToken=\"used-schedule\">{JobBody(recording)}</trc:JobConfiguration>");
        Assert.Equal("Sender/InvalidArgVal/ReferenceInUse", await _schedule.FaultAsync("DeleteSchedule", "<tsc:Token>used-schedule</tsc:Token>"));
    }
}
