using System.Globalization;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// ExportRecordedData end to end (seed 5.21–5.23): a recording made over SOAP from the GStreamer RTSP server is
/// exported over SOAP; ffmpeg/ffprobe judge the file against the recorded segments. Responses are schema-validated.
/// </summary>
public sealed class ExportEndToEndTests : IClassFixture<EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan OneFrame = TimeSpan.FromMilliseconds(40); // the served clips are 25 fps
    private readonly EngineApplianceFixture _fixture;

    public ExportEndToEndTests(EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_sub_range_exports_as_one_mp4_from_the_key_frame_at_or_before_the_start_to_the_end()
    {
        var (recording, segments) = await RecordAsync("export-plain", Target("MP4", "PT3S", storage: "local", postfix: "export-plain"), 4);
        var start = segments[0].StartUtc + TimeSpan.FromSeconds(4.3);
        var end = start + TimeSpan.FromSeconds(5);

        var response = await _fixture.Recording.CallAsync("ExportRecordedData", ExportBody(recording, start, end, "local", "exports/plain"));
        var operation = response.Element(Wire.Trc + "OperationToken")!.Value;
        var names = response.Elements(Wire.Trc + "FileNames").Select(e => e.Value).ToList();
        Assert.Single(names);
        Assert.StartsWith("exports/plain/", names[0], StringComparison.Ordinal);

        var progress = await ProgressUntilDoneAsync(operation);
        Assert.Equal(1.0, progress[^1]);
        for (var i = 1; i < progress.Count; i++)
        {
            Assert.True(progress[i] >= progress[i - 1], $"progress went back: {string.Join(", ", progress)}");
        }

        var state = await _fixture.Recording.CallAsync("GetExportRecordedDataState", Token("OperationToken", operation));
        var files = state.Element(Wire.Trc + "FileProgressStatus")!.Elements(Wire.Tt + "FileProgress").ToList();
        Assert.Equal(names, files.Select(f => f.Element(Wire.Tt + "FileName")!.Value));
        Assert.All(files, f => Assert.Equal("1", f.Element(Wire.Tt + "Progress")!.Value));

        var file = Path.Combine(_fixture.RecordingsDirectory, names[0]);
        Assert.True(File.Exists(file), $"exported file {file} missing");
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, "*.partial"));
        Assert.Equal(["aac", "h264"], await FrameJudge.ProbeCleanAsync(file));
        await AssertFramesOfRangeAsync(file, segments, start, end);
    }

    [Theory]
    [InlineData("MP4", "CENC")]
    [InlineData("CMAF", "CBCS")]
    public async Task An_encrypted_recording_exports_decrypted(string format, string mode)
    {
        const string kid = "00112233445566778899aabbccddeeff";
        const string key = "0123456789abcdef0123456789abcdef";
        var (recording, segments) = await RecordAsync($"export-{mode}-{format}", Target(format, "PT3S", Encryption(mode, kid, key), storage: "local", postfix: $"export-{mode}-{format}"), 4);
        var video = segments.Where(s => !s.Key.EndsWith(".m4a", StringComparison.Ordinal)).ToList();
        var start = video[0].StartUtc + TimeSpan.FromSeconds(3.5);
        var end = start + TimeSpan.FromSeconds(4);

        var response = await _fixture.Recording.CallAsync("ExportRecordedData", ExportBody(recording, start, end, "local", $"exports/{mode}"));
        var names = response.Elements(Wire.Trc + "FileNames").Select(e => e.Value).ToList();
        Assert.Single(names);
        await ProgressUntilDoneAsync(response.Element(Wire.Trc + "OperationToken")!.Value);

        var file = Path.Combine(_fixture.RecordingsDirectory, names[0]);
        Assert.Equal(["aac", "h264"], await FrameJudge.ProbeCleanAsync(file)); // both tracks, clear: no key given to ffprobe
        Assert.DoesNotContain("encv", System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
        await AssertFramesOfRangeAsync(file, video, start, end, key);
    }

    [Fact]
    public async Task Unknown_format_scope_filter_and_operation_token_answer_the_seed_faults()
    {
        const string bad = "Sender/InvalidArgVal/BadConfiguration";
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(bad, await _fixture.Recording.FaultAsync("ExportRecordedData", ExportBody("REC0001", now, now.AddSeconds(1), "local", "x", format: "ONVIF")));
        Assert.Equal(bad, await _fixture.Recording.FaultAsync("ExportRecordedData",
            "<trc:SearchScope><tt:RecordingInformationFilter>boolean(//Track[TrackType = </tt:RecordingInformationFilter></trc:SearchScope>" +
            "<trc:FileFormat>MP4</trc:FileFormat><trc:StorageDestination><tt:StorageToken>local</tt:StorageToken></trc:StorageDestination>"));
        Assert.Equal(bad, await _fixture.Recording.FaultAsync("ExportRecordedData",
            "<trc:SearchScope/><trc:FileFormat>MP4</trc:FileFormat><trc:StorageDestination><tt:StorageToken>nowhere</tt:StorageToken></trc:StorageDestination>"));
        Assert.Equal(bad, await _fixture.Recording.FaultAsync("GetExportRecordedDataState", Token("OperationToken", "no-such-export")));
        Assert.Equal(bad, await _fixture.Recording.FaultAsync("StopExportRecordedData", Token("OperationToken", "no-such-export")));
        var capabilities = await _fixture.Recording.CallAsync("GetServiceCapabilities");
        Assert.Equal("MP4", capabilities.Element(Wire.Trc + "Capabilities")!.Attribute("SupportedExportFileFormats")!.Value);
    }

    [Fact]
    public async Task A_RecordingInformationFilter_in_the_scope_selects_the_recordings_that_are_exported()
    {
        var (recording, _) = await RecordAsync("export-filtered", Target("MP4", "PT3S", storage: "local", postfix: "export-filtered"), 2);
        var (other, _) = await RecordAsync("export-filtered-other", Target("MP4", "PT3S", storage: "local", postfix: "export-filtered-other"), 2);
        static string Body(string included, string path) =>
            $"<trc:SearchScope>{included}<tt:RecordingInformationFilter>boolean(//Source[Name = &quot;export-filtered&quot;])</tt:RecordingInformationFilter></trc:SearchScope>" +
            $"<trc:FileFormat>MP4</trc:FileFormat><trc:StorageDestination><tt:StorageToken>local</tt:StorageToken><tt:RelativePath>{path}</tt:RelativePath></trc:StorageDestination>";

        // Every recording with data is in the scope (no range: all of it); the filter keeps the one whose source is so named.
        var response = await _fixture.Recording.CallAsync("ExportRecordedData", Body(string.Empty, "exports/filtered"));
        var name = Assert.Single(response.Elements(Wire.Trc + "FileNames").Select(e => e.Value));
        Assert.StartsWith($"exports/filtered/{recording}-", name, StringComparison.Ordinal);
        Assert.Equal(1.0, (await ProgressUntilDoneAsync(response.Element(Wire.Trc + "OperationToken")!.Value))[^1]);
        Assert.True(File.Exists(Path.Combine(_fixture.RecordingsDirectory, name)), $"{name} was not written");

        // The filter narrows the included recordings: naming only the other one leaves nothing to export.
        var none = await _fixture.Recording.CallAsync("ExportRecordedData", Body($"<tt:IncludedRecordings>{other}</tt:IncludedRecordings>", "exports/none"));
        Assert.Empty(none.Elements(Wire.Trc + "FileNames"));
    }

    internal static string ExportBody(string recording, DateTimeOffset start, DateTimeOffset end, string storage, string path, string format = "MP4") =>
        $"<trc:StartPoint>{Xml(start)}</trc:StartPoint><trc:EndPoint>{Xml(end)}</trc:EndPoint>" +
        $"<trc:SearchScope><tt:IncludedRecordings>{recording}</tt:IncludedRecordings></trc:SearchScope>" +
        $"<trc:FileFormat>{format}</trc:FileFormat>" +
        $"<trc:StorageDestination><tt:StorageToken>{storage}</tt:StorageToken><tt:RelativePath>{path}</tt:RelativePath></trc:StorageDestination>";

    private static string Xml(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Records from the RTSP server until <paramref name="count"/> video (MP4 or m4v) segments are stored, then stops the job (span closed).</summary>
    private async Task<(string Recording, List<SegmentRecordedEvent> Segments)> RecordAsync(string name, string target, int count)
    {
        var (recording, recorded) = await _fixture.RecordSegmentsAsync(name, target, count, Patience);

        // the index worker adds the rows asynchronously: GetExportRecordedDataState is not a probe for it, the planner
        // reads the index when the export starts, so wait until the last segment's rows are visible through an export plan
        foreach (var last in recorded.GroupBy(r => Path.GetExtension(r.Key)).Select(g => g.Last()))
        {
            await WaitIndexedAsync(recording, last);
        }

        return (recording, recorded);
    }

    private async Task WaitIndexedAsync(string recording, SegmentRecordedEvent last)
    {
        using var index = new Nvr.Storage.Index.RecordedRangeIndex(Path.Combine(_fixture.DataDirectory, "index.db"));
        var deadline = DateTime.UtcNow + Patience;
        while (!index.GetRecordingSegments(recording).Any(s => s.Key == last.Key))
        {
            Assert.True(DateTime.UtcNow < deadline, $"segment {last.Key} was never indexed");
            await Task.Delay(50); // polling the index file (written by another task) with a deadline
        }
    }

    internal async Task<List<double>> ProgressUntilDoneAsync(string operation)
    {
        var progress = new List<double>();
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var state = await _fixture.Recording.CallAsync("GetExportRecordedDataState", Token("OperationToken", operation));
            progress.Add(double.Parse(state.Element(Wire.Trc + "Progress")!.Value, CultureInfo.InvariantCulture));
            if (progress[^1] >= 1.0)
            {
                return progress;
            }

            Assert.True(DateTime.UtcNow < deadline, $"export {operation} did not complete: {string.Join(", ", progress)}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The exported frames are exactly the recorded frames from the last key frame at or before <paramref name="start"/>
    /// to the frame at <paramref name="end"/> (± one frame): decoded MD5s equal, judged per recorded segment.
    /// </summary>
    internal async Task AssertFramesOfRangeAsync(string file, IReadOnlyList<SegmentRecordedEvent> segments, DateTime start, DateTime end, string? keyHex = null)
    {
        var recorded = new List<(DecodedFrame Frame, DateTime Utc)>();
        foreach (var segment in segments)
        {
            var frames = await ExportJudge.VideoFramesAsync(Path.Combine(_fixture.RecordingsDirectory, segment.Key), keyHex);
            var first = ExportJudge.FirstPts(frames);
            recorded.AddRange(frames.Select(f => (f, segment.StartUtc + TimeSpan.FromSeconds(f.PtsSeconds - first))));
        }

        var exported = await ExportJudge.VideoFramesAsync(file);
        Assert.True(exported[0].Key, "the exported file does not start with a key frame");
        var at = ExportJudge.IndexOfRun(recorded.Select(r => r.Frame.Md5).ToList(), exported.Select(e => e.Md5).ToList());
        Assert.True(at >= 0, "the exported frames are not a contiguous run of the recorded frames");
        var tolerance = TimeSpan.FromMilliseconds(30); // audio may open a segment up to one AAC frame before its key frame
        Assert.True(recorded[at].Frame.Key, "the export does not start at a recorded key frame");
        Assert.True(recorded[at].Utc <= start + tolerance, $"the export starts at {recorded[at].Utc:O}, after the start point {start:O}");
        var nextKey = recorded.Skip(at + 1).FirstOrDefault(r => r.Frame.Key);
        Assert.True(nextKey.Frame is null || nextKey.Utc > start - tolerance, $"a later key frame {nextKey.Utc:O} is also at or before the start point {start:O}");
        var last = recorded[at + exported.Count - 1].Utc;
        Assert.True((last - end).Duration() <= OneFrame + tolerance, $"the export ends at {last:O}, the end point is {end:O}");
    }
}
