using System.Xml;
using System.Xml.Linq;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Keys;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// Issue 17 part 3, a wall-clock step of the host: while the GStreamer camera records (MP4, 2 s segments,
/// MaximumRetentionTime PT1H), the appliance's wall clock steps back 1 h, then forward 1 h + 2 days (an RTC/NTP
/// correction). The appliance stays up, the job Active; every segment is keyed on the camera's clock (unique keys in
/// recording order, none in the stepped hours), none is overwritten, lost or deleted by retention, each probes clean;
/// search answers the real range; the steps are counted (<c>nvr_wall_clock_steps_total</c>); WS-Security refuses a
/// client whose clock is not the device's (the documented, bounded behaviour) until it synchronises with
/// GetSystemDateAndTime, and the administrator is then served at once.
/// </summary>
public sealed class HostClockStepTests : IClassFixture<HostClockStepFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly XNamespace Tse = OnvifSoapClient.Tse;
    private static readonly TimeSpan Back = TimeSpan.FromHours(-1);
    private static readonly TimeSpan Forward = TimeSpan.FromHours(1) + TimeSpan.FromDays(2);
    private readonly HostClockStepFixture _fixture;

    public HostClockStepTests(HostClockStepFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Stepping_the_wall_clock_back_and_forward_while_recording_loses_nothing_and_is_reported()
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        var started = DateTime.UtcNow;
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, "clockstep", "local", "MP4", "clockstep", "PT2S", _fixture.RtspUrl("h264"));
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);
        var recorded = Collect(segments, scenario.Recording, 2);
        var steps = Steps(await _fixture.ScrapeAsync());

        await StepAsync(Back, expectedSteps: steps + 1);
        recorded.AddRange(Collect(segments, scenario.Recording, 3));
        await StepAsync(Forward, expectedSteps: steps + 2);
        recorded.AddRange(Collect(segments, scenario.Recording, 4)); // ≥ 8 s: several retention passes (1 s) on the stepped clock

        // The job stayed Active throughout (no other state since it became Active), on the wire too.
        Assert.DoesNotContain(states.Drain(), e => e.RecordingJobToken == scenario.Job && e.State != "Active");
        Assert.Equal("Active", await JobStateAsync(scenario.Job));
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");

        // One span from start to stop: the steps of the host's clock are no discontinuity of the camera's.
        var span = spans.Next(s => s.RecordingToken == scenario.Recording, Patience);
        Assert.Equal("Stopped", span.Reason);
        var ended = DateTime.UtcNow;
        while (recorded[^1].EndUtc < span.EndUtc)
        {
            recorded.Add(segments.Next(s => s.RecordingToken == scenario.Recording, Patience));
        }

        Assert.All(recorded, s => Assert.True(s.Stored, s.Key));
        Assert.Equal(recorded.Count, recorded.Select(s => s.Key).Distinct().Count());
        for (var i = 1; i < recorded.Count; i++)
        {
            // each segment follows the one before (its tracks' ends may overlap the next start by a frame or so)
            var gap = recorded[i].StartUtc - recorded[i - 1].EndUtc;
            Assert.True(recorded[i].StartUtc > recorded[i - 1].StartUtc && gap.Duration() < TimeSpan.FromSeconds(0.5),
                $"{recorded[i].Key} ({recorded[i].StartUtc:O}) does not follow {recorded[i - 1].Key} (ends {recorded[i - 1].EndUtc:O})");
            Assert.Equal(ObjectKeyParser.Parse(recorded[i - 1].Key).Counter + 1, ObjectKeyParser.Parse(recorded[i].Key).Counter);
        }

        // On disk: exactly the recorded keys (nothing overwritten, lost or deleted by retention), each probing clean,
        // each keyed in the real time of the test, not in the hour before it or two days after it.
        var directory = Path.Combine(_fixture.RecordingsDirectory, "clockstep");
        var files = Directory.EnumerateFiles(directory, "*.mp4", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_fixture.RecordingsDirectory, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(recorded.Select(s => s.Key).Order(StringComparer.Ordinal), files);
        foreach (var key in files)
        {
            Assert.Contains("h264", await FrameJudge.ProbeCleanAsync(Path.Combine(_fixture.RecordingsDirectory, key)));
            Assert.InRange(ObjectKeyParser.Parse(key).Time.UtcDateTime, started.AddSeconds(-2), ended.AddSeconds(2));
        }

        // Search answers the real range, from the first segment to the last.
        await using var search = _fixture.ClientOf(_fixture.Host.SearchServiceUrls[0], OnvifSoapClient.Tse, () => DateTime.UtcNow + _fixture.Clock.Offset);
        var information = await IndexedAsync(search, scenario.Recording, recorded[^1].EndUtc - TimeSpan.FromSeconds(1));
        Assert.Equal(recorded[0].StartUtc, Time(information, "EarliestRecording"), TimeSpan.FromSeconds(1)); // audio may start a frame apart
        Assert.Equal(recorded[^1].EndUtc, Time(information, "LatestRecording"), TimeSpan.FromSeconds(1));
        var token = (await search.CallAsync("FindRecordings", "<Scope><tt:IncludedRecordings>" + scenario.Recording + "</tt:IncludedRecordings></Scope><KeepAliveTime>PT10S</KeepAliveTime>")).Text(Tse + "SearchToken");
        var list = (await search.CallAsync("GetRecordingSearchResults", $"<SearchToken>{token}</SearchToken><WaitTime>PT10S</WaitTime>")).Element(Tse + "ResultList")!;
        Assert.Equal("Completed", list.Text(Wire.Tt + "SearchState"));
        var found = Assert.Single(list.Elements(Wire.Tt + "RecordingInformation"));
        Assert.Equal(Time(information, "EarliestRecording"), Time(found, "EarliestRecording"));
        Assert.Equal(Time(information, "LatestRecording"), Time(found, "LatestRecording"));
        Assert.Equal(steps + 2, Steps(await _fixture.ScrapeAsync()));
    }

    /// <summary>
    /// Schedules are local wall-clock time (Schedule spec): a step is a legitimate re-evaluation, at once. Was: each
    /// schedule's timer stayed armed for the distance to its transition on the clock before the step, so a schedule
    /// due 30 min later stayed inactive for 30 more minutes after the clock stepped an hour into its time range.
    /// </summary>
    [Fact]
    public async Task A_step_of_the_wall_clock_re_evaluates_the_schedules_at_once()
    {
        using var states = new EventCollector<ScheduleStateEvent>(_fixture.Host.Control.System);
        var now = await _fixture.DeviceUtcAsync(); // the device's local time is UTC (ApplianceOptions.TimeZone)
        var calendar = "BEGIN:VCALENDAR&#10;BEGIN:VEVENT&#10;SUMMARY:later&#10;" +
                       $"DTSTART:{now.AddMinutes(30):yyyyMMdd'T'HHmmss}&#10;DTEND:{now.AddMinutes(90):yyyyMMdd'T'HHmmss}&#10;END:VEVENT&#10;END:VCALENDAR";
        var token = (await _fixture.Schedule.CallAsync("CreateSchedule",
            $"<tsc:Schedule token=\"\"><tsc:Name>later</tsc:Name><tsc:Description>clock step</tsc:Description><tsc:Standard>{calendar}</tsc:Standard></tsc:Schedule>")).Text(Wire.Tsc + "Token");
        Assert.Equal("false", await ScheduleActiveAsync(token));

        _fixture.Clock.Step(TimeSpan.FromHours(1));
        states.Next(e => e.ScheduleToken == token && e.Active, Patience);
        Assert.Equal("true", await ScheduleActiveAsync(token));
        _fixture.Clock.Step(TimeSpan.FromHours(-1));
        states.Next(e => e.ScheduleToken == token && !e.Active, Patience);
        Assert.Equal("false", await ScheduleActiveAsync(token));
        await _fixture.Schedule.CallAsync("DeleteSchedule", $"<tsc:Token>{token}</tsc:Token>");
    }

    /// <summary>
    /// Was: a subscription's TerminationTime was a wall-clock instant, so a step forward by two days ended every pull
    /// point at once (ResourceUnknown to every client). Now it keeps the lifetime it was given: TerminationTime moves
    /// with the step.
    /// </summary>
    [Fact]
    public async Task A_pull_point_keeps_its_lifetime_across_a_step_forward()
    {
        var address = await EventWire.CreatePullPointAsync(_fixture.Events, termination: "PT60S");
        await using var pullPoint = _fixture.ClientOf(address, OnvifSoapClient.Tev, () => DateTime.UtcNow + _fixture.Clock.Offset);
        _fixture.Clock.Step(TimeSpan.FromDays(2));
        var response = await EventWire.PullResponseAsync(pullPoint, "PT1S");
        Assert.InRange(Time(response, "TerminationTime") - Time(response, "CurrentTime"), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
        _fixture.Clock.Step(TimeSpan.FromDays(-2));
        response = await EventWire.PullResponseAsync(pullPoint, "PT1S");
        Assert.InRange(Time(response, "TerminationTime") - Time(response, "CurrentTime"), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
        await using var manager = _fixture.ClientOf(address, EventWire.Wsnt, () => DateTime.UtcNow + _fixture.Clock.Offset);
        await manager.CallAsync("Unsubscribe");
    }

    private async Task<string> ScheduleActiveAsync(string token) =>
        (await _fixture.Schedule.CallAsync("GetScheduleState", $"<tsc:Token>{token}</tsc:Token>")).Element(Wire.Tsc + "ScheduleState")!.Text(Wire.Tsc + "Active");

    /// <summary>
    /// Steps the appliance's wall clock; the step is counted at the next scrape; a client on its own (now different)
    /// clock is refused with the exact fault, one synchronised with GetSystemDateAndTime is served.
    /// </summary>
    private async Task StepAsync(TimeSpan step, double expectedSteps)
    {
        _fixture.Clock.Step(step);
        var metrics = await _fixture.ScrapeAsync();
        Assert.Equal(expectedSteps, Steps(metrics));
        Assert.Equal(step.TotalSeconds, HostileApplianceFixture.Metric(metrics, "nvr_wall_clock_last_step_seconds"), 2.0);

        await using var unsynced = _fixture.ClientOf(_fixture.RecordingUrl, OnvifSoapClient.Trc);
        Assert.Equal("Sender/NotAuthorized", await unsynced.FaultAsync("GetRecordings"));
        var offset = await _fixture.DeviceUtcAsync() - DateTime.UtcNow;
        Assert.Equal(_fixture.Clock.Offset.TotalSeconds, offset.TotalSeconds, 2.0);
        await using var synced = _fixture.ClientOf(_fixture.RecordingUrl, OnvifSoapClient.Trc, () => DateTime.UtcNow + offset);
        Assert.NotEmpty((await synced.CallAsync("GetRecordings")).Elements());
    }

    /// <summary>GetRecordingInformation once the index holds data up to <paramref name="until"/> (the last segments are indexed asynchronously).</summary>
    private static async Task<XElement> IndexedAsync(OnvifSoapClient search, string recording, DateTime until)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var information = (await search.CallAsync("GetRecordingInformation", $"<RecordingToken>{recording}</RecordingToken>")).Element(Tse + "RecordingInformation")!;
            if (information.Elements().Any(e => e.Name.LocalName == "LatestRecording") && Time(information, "LatestRecording") >= until)
            {
                return information;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the index never reached {until:O}: {information}");
            await Task.Delay(200); // polling the index through SOAP with a deadline: it has no push channel
        }
    }

    private async Task<string> JobStateAsync(string job) =>
        (await _fixture.Recording.CallAsync("GetRecordingJobState", Token("JobToken", job))).Element(Wire.Trc + "State")!.Element(Wire.Tt + "State")!.Value;

    private static List<SegmentRecordedEvent> Collect(EventCollector<SegmentRecordedEvent> segments, string recording, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => segments.Next(s => s.RecordingToken == recording, Patience))];

    private static double Steps(IReadOnlyList<PrometheusSample> metrics) => HostileApplianceFixture.Metric(metrics, "nvr_wall_clock_steps_total");

    private static DateTime Time(XElement element, string name) =>
        XmlConvert.ToDateTime(element.Elements().First(e => e.Name.LocalName == name).Value, XmlDateTimeSerializationMode.Utc);
}
