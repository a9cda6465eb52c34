using System.Globalization;
using Nvr.Control.Events;
using Nvr.Control.Exports;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>The appliance with exports slowed to 150 kB/s of recorded data, so that an export is still running when a client acts on it.</summary>
public sealed class ThrottledExportFixture : EngineApplianceFixture
{
    protected override long ExportBytesPerSecond => 150_000;

    protected override string ValidationLabel => "export-throttled";
}

/// <summary>
/// StopExportRecordedData mid-way (5.22) and DeleteRecording during an export (5.21: deleted after the export), with
/// the AsynchronousOperationStatus events. Responses are schema-validated.
/// </summary>
public sealed class ExportStopAndDeleteTests : IClassFixture<ThrottledExportFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly ThrottledExportFixture _fixture;

    public ExportStopAndDeleteTests(ThrottledExportFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Stopping_mid_way_keeps_the_progress_and_leaves_no_file_presented_as_complete()
    {
        var system = _fixture.Host.Control.System;
        var recording = await RecordAsync("export-stop");
        using var status = new EventCollector<AsynchronousOperationStatusEvent>(system);
        using var finished = new EventCollector<ExportFinished>(system);
        var response = await _fixture.Recording.CallAsync("ExportRecordedData", WholeRecording(recording, "exports/stop"));
        var operation = response.Element(Wire.Trc + "OperationToken")!.Value;
        var name = Assert.Single(response.Elements(Wire.Trc + "FileNames")).Value;

        var running = status.Next(e => e.Token == operation && e.Progress > 0, Patience);
        Assert.True(running.Progress < 1.0, $"the export was not throttled enough: {running.Progress}");
        var stopped = await _fixture.Recording.CallAsync("StopExportRecordedData", Token("OperationToken", operation));
        var progress = Progress(stopped);
        Assert.InRange(progress, (double)(float)running.Progress, 0.999); // the wire carries xs:float
        var file = stopped.Element(Wire.Trc + "FileProgressStatus")!.Element(Wire.Tt + "FileProgress")!;
        Assert.Equal(name, file.Element(Wire.Tt + "FileName")!.Value);
        Assert.True(double.Parse(file.Element(Wire.Tt + "Progress")!.Value, CultureInfo.InvariantCulture) < 1.0);

        Assert.Equal("Stopped", finished.Next(f => f.OperationToken == operation, Patience).Status); // the export task has ended
        var after = await _fixture.Recording.CallAsync("GetExportRecordedDataState", Token("OperationToken", operation));
        Assert.Equal(progress, Progress(after));
        var directory = Path.Combine(_fixture.RecordingsDirectory, "exports", "stop");
        Assert.False(File.Exists(Path.Combine(_fixture.RecordingsDirectory, name)), "a stopped export left its file under the final name");
        Assert.Empty(Directory.Exists(directory) ? Directory.GetFiles(directory) : []);
    }

    [Fact]
    public async Task A_recording_deleted_during_its_export_is_deleted_once_the_export_completes()
    {
        var system = _fixture.Host.Control.System;
        var recording = await RecordAsync("export-delete");
        using var status = new EventCollector<AsynchronousOperationStatusEvent>(system);
        using var deleted = new EventCollector<DeleteRecordingEvent>(system);
        var response = await _fixture.Recording.CallAsync("ExportRecordedData", WholeRecording(recording, "exports/delete"));
        var operation = response.Element(Wire.Trc + "OperationToken")!.Value;
        var name = Assert.Single(response.Elements(Wire.Trc + "FileNames")).Value;
        var progress = new List<double> { status.Next(e => e.Token == operation && e.Progress > 0, Patience).Progress };

        await _fixture.Recording.CallAsync("DeleteRecording", Token("RecordingToken", recording));
        var listed = await _fixture.Recording.CallAsync("GetRecordings");
        Assert.Contains(recording, listed.Descendants(Wire.Tt + "RecordingToken").Select(t => t.Value)); // deferred

        while (progress[^1] < 1.0)
        {
            progress.Add(status.Next(e => e.Token == operation, Patience).Progress);
        }

        Assert.Equal(progress.Order(), progress); // monotonic, up to 1.0, in the events too
        Assert.Equal(recording, deleted.Next(d => d.RecordingToken == recording, Patience).RecordingToken);
        listed = await _fixture.Recording.CallAsync("GetRecordings");
        Assert.DoesNotContain(recording, listed.Descendants(Wire.Tt + "RecordingToken").Select(t => t.Value));
        Assert.Equal(["aac", "h264"], await FrameJudge.ProbeCleanAsync(Path.Combine(_fixture.RecordingsDirectory, name)));
    }

    [Fact]
    public async Task Retention_never_deletes_what_a_running_export_reads_and_deletes_it_once_the_export_completes()
    {
        var system = _fixture.Host.Control.System;
        var name = "export-retain";
        var recording = await RecordAsync(name);
        var segments = SegmentKeys(recording);
        var recorded = new List<string>();
        foreach (var key in segments)
        {
            recorded.AddRange((await ExportJudge.VideoFramesAsync(Path.Combine(_fixture.RecordingsDirectory, key))).Select(f => f.Md5));
        }

        using var status = new EventCollector<AsynchronousOperationStatusEvent>(system);
        using var finished = new EventCollector<ExportFinished>(system);
        using var trackData = new EventCollector<DeleteTrackDataEvent>(system);
        var response = await _fixture.Recording.CallAsync("ExportRecordedData", WholeRecording(recording, "exports/retain"));
        var operation = response.Element(Wire.Trc + "OperationToken")!.Value;
        var file = Path.Combine(_fixture.RecordingsDirectory, Assert.Single(response.Elements(Wire.Trc + "FileNames")).Value);
        var running = status.Next(e => e.Token == operation && e.Progress > 0, Patience);
        Assert.True(running.Progress < 1.0, $"the export was not throttled enough: {running.Progress}");

        // every recorded segment is now older than the limit, and retention passes run every second while the export reads
        await _fixture.Recording.CallAsync("SetRecordingConfiguration", Token("RecordingToken", recording) +
            RequestXml.RecordingConfiguration(name, "PT1S", Target("MP4", "PT2S", storage: "local", postfix: name)));

        Assert.Equal("Completed", finished.Next(f => f.OperationToken == operation, Patience).Status);
        Assert.Equal(recorded, (await ExportJudge.VideoFramesAsync(file)).Select(f => f.Md5)); // nothing went missing under the export

        var deleted = trackData.Next(d => d.RecordingToken == recording, Patience); // the pass after the export deletes them
        Assert.True(deleted.EndTime > deleted.StartTime);
        var deadline = DateTime.UtcNow + Patience;
        while (segments.Any(key => File.Exists(Path.Combine(_fixture.RecordingsDirectory, key))))
        {
            Assert.True(DateTime.UtcNow < deadline, "retention never deleted the segments the finished export had read");
            await Task.Delay(50); // the files are deleted by the engine's retention pass: polled with a deadline
        }
    }

    [Fact]
    public async Task Each_file_of_an_export_across_a_gap_reports_progress_against_its_own_size()
    {
        var recording = await RecordAsync("export-two-runs", runs: 2, segmentsPerRun: 2);
        using var status = new EventCollector<AsynchronousOperationStatusEvent>(_fixture.Host.Control.System);
        var response = await _fixture.Recording.CallAsync("ExportRecordedData", WholeRecording(recording, "exports/two-runs"));
        var operation = response.Element(Wire.Trc + "OperationToken")!.Value;
        Assert.Equal(2, response.Elements(Wire.Trc + "FileNames").Count()); // one file per continuous run
        var events = new List<AsynchronousOperationStatusEvent>();
        while (events.Count == 0 || events[^1].Progress < 1.0)
        {
            events.Add(status.Next(e => e.Token == operation, Patience));
        }

        // the first file's share of the whole export: the overall progress when it completed
        var firstDone = events.First(e => e.Files[0].Progress == 1.0).Progress;
        Assert.InRange(firstDone, 0.01, 0.99);
        var duringFirst = events.Where(e => e.Files[0].Progress is > 0 and < 1).ToList();
        // (the overall progress is itself held at 0.999 until the export completes: those events say nothing about the file)
        var duringSecond = events.Where(e => e.Files[0].Progress == 1.0 && e.Files[1].Progress is > 0 and < 1 && e.Progress < 0.999).ToList();
        Assert.NotEmpty(duringSecond);
        // a file says 1.0 only once it is complete under its final name: written out but not yet renamed is 0.999
        Assert.All(duringFirst, e => Assert.Equal(Math.Min(0.999, e.Progress / firstDone), e.Files[0].Progress, 6));
        Assert.All(duringSecond, e => Assert.Equal(Math.Min(0.999, (e.Progress - firstDone) / (1 - firstDone)), e.Files[1].Progress, 6));
        Assert.All(events[^1].Files, f => Assert.Equal(1.0, f.Progress));
    }

    /// <summary>The keys of the recording's segment objects (MP4: video and audio in one) in the index, in time order.</summary>
    private List<string> SegmentKeys(string recording)
    {
        using var index = new Nvr.Storage.Index.RecordedRangeIndex(Path.Combine(_fixture.DataDirectory, "index.db"));
        return index.GetRecordingSegments(recording).Select(s => s.Key).Distinct().ToList();
    }

    /// <summary>The state's Progress as the xs:float it is on the wire.</summary>
    private static double Progress(System.Xml.Linq.XElement state) =>
        float.Parse(state.Element(Wire.Trc + "Progress")!.Value, CultureInfo.InvariantCulture);

    private static string WholeRecording(string recording, string path) =>
        $"<trc:SearchScope><tt:IncludedRecordings>{recording}</tt:IncludedRecordings></trc:SearchScope><trc:FileFormat>MP4</trc:FileFormat>" +
        $"<trc:StorageDestination><tt:StorageToken>local</tt:StorageToken><tt:RelativePath>{path}</tt:RelativePath></trc:StorageDestination>";

    /// <summary>Records <paramref name="runs"/> spans of at least <paramref name="segmentsPerRun"/> 2 s segments, with more than the export's gap tolerance between them.</summary>
    private async Task<string> RecordAsync(string name, int runs = 1, int segmentsPerRun = 4)
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration(name, target: Target("MP4", "PT2S", storage: "local", postfix: name)))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", _fixture.RtspUrl("h264")))).Text(Wire.Tt + "Token");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"))))).Text(Wire.Trc + "JobToken");
        var recorded = new List<SegmentRecordedEvent>();
        for (var run = 0; run < runs; run++)
        {
            if (run > 0)
            {
                // not a synchronisation: the recorded timeline needs a real gap longer than ExportPlanner.GapTolerance
                await Task.Delay(Nvr.Recording.Export.ExportPlanner.GapTolerance * 2);
                await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Active"));
            }

            recorded.Clear();
            while (recorded.Count < segmentsPerRun)
            {
                recorded.Add(segments.Next(s => s.RecordingToken == recording, Patience));
            }

            await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
            var span = spans.Next(s => s.RecordingToken == recording, Patience);
            while (recorded.Count < span.Segments)
            {
                recorded.Add(segments.Next(s => s.RecordingToken == recording, Patience));
            }
        }

        using var index = new Nvr.Storage.Index.RecordedRangeIndex(Path.Combine(_fixture.DataDirectory, "index.db"));
        var deadline = DateTime.UtcNow + Patience;
        while (!index.GetRecordingSegments(recording).Any(s => s.Key == recorded[^1].Key))
        {
            Assert.True(DateTime.UtcNow < deadline, "the last segment was never indexed");
            await Task.Delay(50); // polling the index file (written by another task) with a deadline
        }

        return recording;
    }
}
