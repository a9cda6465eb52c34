using System.Diagnostics;
using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Issue 17, seed 5.2: the recorded-range index equals what is on disk after a crash even for a recording nothing
/// records after the restart. The demo job records under a schedule that ends while the appliance is down (SIGKILL
/// mid-segment): after the restart the job stays Idle, and the segment the kill cut is recovered and searchable.
/// </summary>
public sealed class KillRecoveryUnplannedTests : IAsyncLifetime
{
    /// <summary>How long the schedule stays active from when it is made: enough to see a segment written (kill before it ends).</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(40);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"nvr-kill-{Guid.NewGuid():N}");
    private readonly int _port = TestTools.FreeTcpPort();
    private readonly EnvelopeCapture _capture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_segment_cut_by_kill_9_is_searchable_after_the_restart_although_its_job_is_no_longer_active()
    {
        var root = Path.Combine(_dataDir, "recordings");
        string partial, recording, job;
        DateTimeOffset scheduleEnd, killedAt;
        using (var appliance = await StartApplianceAsync())
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            await using var client = new OnvifSoapClient(Url("recording_service"), OnvifSoapClient.Trc, _capture);
            await using var schedules = new OnvifSoapClient(Url("schedule_service"), OnvifSoapClient.Tsc, _capture);
            var item = (await client.CallAsync("GetRecordingJobs")).Descendants(Wire.Trc + "JobItem").Single();
            job = item.Text(Wire.Tt + "JobToken");
            var configuration = item.Element(Wire.Tt + "JobConfiguration")!;
            recording = configuration.Text(Wire.Tt + "RecordingToken");

            // active from an hour ago until Window from now (whole seconds, UTC: the appliance's default time zone)
            var now = DateTimeOffset.UtcNow;
            scheduleEnd = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + Window;
            var standard = $"BEGIN:VCALENDAR&#10;BEGIN:VEVENT&#10;SUMMARY:until-the-crash&#10;DTSTART:{Ical(now.AddHours(-1))}&#10;DTEND:{Ical(scheduleEnd)}&#10;END:VEVENT&#10;END:VCALENDAR";
            var schedule = (await schedules.CallAsync("CreateSchedule",
                $"<tsc:Schedule token=\"\"><tsc:Name>until-the-crash</tsc:Name><tsc:Standard>{standard}</tsc:Standard></tsc:Schedule>")).Text(Wire.Tsc + "Token");
            await client.CallAsync("SetRecordingJobConfiguration",
                Token("JobToken", job) + $"<trc:JobConfiguration ScheduleToken=\"{schedule}\">{string.Concat(configuration.Elements())}</trc:JobConfiguration>");
            var scheduled = DateTimeOffset.UtcNow;

            // a segment begun under the schedule, with at least one durable fragment: pull the plug
            partial = await FileAppearance.WaitAsync(Path.Combine(root, "demo"), "*.mp4.partial.idx",
                f => new FileInfo(f).Length >= 16 && KeyTime(root, f) > scheduled.AddSeconds(-1), Window);
            killedAt = DateTimeOffset.UtcNow;
            appliance.Kill(); // SIGKILL: no shutdown code runs
            await appliance.WaitForExitAsync();
        }

        var path = partial[..^".partial.idx".Length];
        Assert.False(File.Exists(path), "the segment must have been cut by the kill, not completed");
        Assert.True(killedAt < scheduleEnd, "the kill came after the schedule ended: the job was no longer recording");
        var segmentStart = KeyTime(root, partial);
        var segmentsBefore = Directory.GetFiles(root, "*.mp4", SearchOption.AllDirectories).ToHashSet(StringComparer.Ordinal);

        // the schedule must be over when the appliance is back: the premise of the test is wall-clock time passing
        var remaining = scheduleEnd - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }

        using var restarted = await StartApplianceAsync();
        using var stopRestarted = new ProcessKiller(restarted);
        await using var after = new OnvifSoapClient(Url("recording_service"), OnvifSoapClient.Trc, _capture);
        await using var search = new OnvifSoapClient(Url("search_service"), OnvifSoapClient.Tse, _capture);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        Dictionary<string, DateTimeOffset> dataTo;
        while ((dataTo = await DataToAsync(search, recording)).Values.Any(t => t <= segmentStart) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200); // the engine indexes in the background; ask again until the deadline
        }

        var state = (await after.CallAsync("GetRecordingJobState", Token("JobToken", job))).Element(Wire.Trc + "State")!;
        var segmentsAfter = Directory.GetFiles(root, "*.mp4", SearchOption.AllDirectories).ToHashSet(StringComparer.Ordinal);
        var partialsAfter = Directory.GetFiles(root, "*.partial*", SearchOption.AllDirectories);
        restarted.Kill();
        await restarted.WaitForExitAsync();

        Assert.Equal("Idle", state.Element(Wire.Tt + "State")!.Value);
        Assert.True(File.Exists(path), $"{path} was not recovered");
        Assert.Equal(segmentsBefore.Append(path).Order(StringComparer.Ordinal), segmentsAfter.Order(StringComparer.Ordinal)); // nothing recorded since
        Assert.Empty(partialsAfter);
        Assert.Equal(["AUDIO001", "VIDEO001"], dataTo.Keys.Order(StringComparer.Ordinal));
        // inside the cut segment: after its key time, not after its last durable fragment (the sample clock is the
        // camera's, so up to a second of skew against this machine's clock is allowed at the end)
        Assert.All(dataTo.Values, t => Assert.InRange(t, segmentStart.AddMilliseconds(1), killedAt.AddSeconds(1)));
        await OnvifValidator.AssertValidAsync(_capture, "kill-recovery-unplanned");
    }

    /// <summary>DataTo of every track of the recording that has data (GetRecordingInformation).</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> DataToAsync(OnvifSoapClient search, string recording)
    {
        var information = (await search.CallAsync("GetRecordingInformation", $"<RecordingToken>{recording}</RecordingToken>")).Element(XNamespace.Get(OnvifSoapClient.Tse) + "RecordingInformation")!;
        return information.Elements(Wire.Tt + "Track")
            .Where(t => t.Element(Wire.Tt + "DataTo") is not null)
            .ToDictionary(t => t.Text(Wire.Tt + "TrackToken"), t => new DateTimeOffset(XmlConvert.ToDateTime(t.Element(Wire.Tt + "DataTo")!.Value, XmlDateTimeSerializationMode.Utc)), StringComparer.Ordinal);
    }

    private static string Ical(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    /// <summary>The first-sample time an object key (of a file below <paramref name="root"/>, suffixes ignored) names.</summary>
    private static DateTimeOffset KeyTime(string root, string file)
    {
        var key = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
        key = key[..(key.IndexOf(".mp4", StringComparison.Ordinal) + ".mp4".Length)];
        return Nvr.Storage.Keys.ObjectKeyParser.Parse(key).Time;
    }

    private string Url(string service) => $"http://127.0.0.1:{_port}/onvif/{service}";

    private Task<Process> StartApplianceAsync() => ApplianceProcess.StartAsync(_dataDir, _port, "--demo");
}
