using System.Text.RegularExpressions;
using System.Xml;
using Amazon.S3;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Keys;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The product working over SOAP into a real object store (seed 5.3.1 Target, Annex B): an ONVIF client records the
/// GStreamer RTSP clip (H.264 + AAC) into s3rver; the objects are read back with AWSSDK.S3 and judged from the
/// outside: keys (B.4/B.5), span end objects, content types with RFC 6381 codecs, B.9 attributes as x-amz-meta-*,
/// ffprobe, mfra last, and the decoded video frame-exact against the source clip.
/// </summary>
public sealed partial class S3EndToEndTests : IClassFixture<S3EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly S3EngineApplianceFixture _fixture;

    public S3EndToEndTests(S3EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task An_MP4_recording_lands_in_S3_as_Annex_B_objects_with_attributes_playable_and_frame_exact()
    {
        var keys = await RecordAsync("s3-mp4", "MP4", segmentsPerKind: 2, SpanKind.Mp4);
        using var client = _fixture.S3.CreateClient();
        using var work = new TempDirectory("nvr-protocol-tests");

        var segments = AssertOneSpan(keys, SpanKind.Mp4, "s3-mp4");
        var videoFrames = new List<string>();
        var files = new List<(string, DateTime, string)>();
        foreach (var segment in segments)
        {
            var head = await client.GetObjectMetadataAsync(S3Server.Bucket, segment.Key);
            Assert.Matches(Mp4ContentType(), head.Headers.ContentType);
            AssertAttributes(head, head.Headers.ContentType, "s3-mp4", video: true, audio: true);
            var file = await S3Server.DownloadAsync(client, segment.Key, work.Path);
            Assert.Equal(["aac", "h264"], await FrameJudge.ProbeCleanAsync(file));
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(bytes.Length, head.ContentLength);
            Assert.Equal("mfro"u8.ToArray(), bytes[^12..^8]); // B.6: the mfra box closes the file
            videoFrames.AddRange(await FrameJudge.VideoFrameMd5Async(file));
            files.Add((segment.Key, segment.Time.UtcDateTime, file));
        }

        // B.3/B.5: no gap and no overlap between segments on either track, the end object at the end of the last sample
        var end = SpanEnd(keys, SpanKind.Mp4);
        Assert.Empty(await SpanTimelineJudge.ViolationsAsync(files, (end.Key, end.Time.UtcDateTime)));

        // Frame exactness across all segments: the decoded video is a run of consecutive frames of the looped clip.
        var source = await FrameJudge.VideoFrameMd5Async(RtspServerPeer.ClipFor("h264"));
        FrameJudge.AssertConsecutiveFramesOf(source, videoFrames, "MP4 segments in S3");
        Assert.True(videoFrames.Count >= 2 * 3 * 25, $"only {videoFrames.Count} frames in {segments.Count} segments of 3 s");
    }

    [Fact]
    public async Task A_CMAF_recording_lands_in_S3_as_one_span_per_track_type_with_their_content_types()
    {
        var keys = await RecordAsync("s3-cmaf", "CMAF", segmentsPerKind: 2, SpanKind.CmafVideo, SpanKind.CmafAudio);
        using var client = _fixture.S3.CreateClient();
        using var work = new TempDirectory("nvr-protocol-tests");

        var video = AssertOneSpan(keys, SpanKind.CmafVideo, "s3-cmaf");
        var audio = AssertOneSpan(keys, SpanKind.CmafAudio, "s3-cmaf");
        Assert.Equal(keys.Count, video.Count + audio.Count + 2);

        var videoFrames = new List<string>();
        var videoFiles = new List<(string, DateTime, string)>();
        var audioFiles = new List<(string, DateTime, string)>();
        foreach (var segment in video)
        {
            var head = await client.GetObjectMetadataAsync(S3Server.Bucket, segment.Key);
            Assert.Matches(CmafVideoContentType(), head.Headers.ContentType);
            AssertAttributes(head, null, "s3-cmaf", video: true, audio: false);
            var file = await S3Server.DownloadAsync(client, segment.Key, work.Path);
            Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(file));
            videoFrames.AddRange(await FrameJudge.VideoFrameMd5Async(file));
            videoFiles.Add((segment.Key, segment.Time.UtcDateTime, file));
        }

        foreach (var segment in audio)
        {
            var head = await client.GetObjectMetadataAsync(S3Server.Bucket, segment.Key);
            Assert.Equal("audio/mp4; codecs=\"mp4a.40.2\"", head.Headers.ContentType);
            AssertAttributes(head, null, "s3-cmaf", video: false, audio: true);
            var file = await S3Server.DownloadAsync(client, segment.Key, work.Path);
            Assert.Equal(["aac"], await FrameJudge.ProbeCleanAsync(file));
            audioFiles.Add((segment.Key, segment.Time.UtcDateTime, file));
        }

        // B.3/B.5 for each span: video and audio segments contiguous, end objects at the end of their last samples
        var videoEnd = SpanEnd(keys, SpanKind.CmafVideo);
        Assert.Empty(await SpanTimelineJudge.ViolationsAsync(videoFiles, (videoEnd.Key, videoEnd.Time.UtcDateTime)));
        var audioEnd = SpanEnd(keys, SpanKind.CmafAudio);
        Assert.Empty(await SpanTimelineJudge.ViolationsAsync(audioFiles, (audioEnd.Key, audioEnd.Time.UtcDateTime)));

        var source = await FrameJudge.VideoFrameMd5Async(RtspServerPeer.ClipFor("h264"));
        FrameJudge.AssertConsecutiveFramesOf(source, videoFrames, "CMAF video segments in S3");
    }

    /// <summary>
    /// Records over SOAP until each span kind has <paramref name="segmentsPerKind"/> segments, sets the job Idle and
    /// waits until every span end object is in the bucket (the spool uploads in completion order, so everything
    /// before it is there too); returns the keys under the prefix.
    /// </summary>
    private async Task<IReadOnlyList<string>> RecordAsync(string prefix, string format, int segmentsPerKind, params SpanKind[] kinds)
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, prefix, "s3", format, prefix, "PT3S", _fixture.RtspUrl("h264"));
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);

        var recorded = kinds.ToDictionary(k => k, _ => 0);
        while (recorded.Values.Any(n => n < segmentsPerKind))
        {
            var segment = segments.Next(s => s.RecordingToken == scenario.Recording, Patience);
            Assert.True(segment.Stored, $"segment {segment.Key} was not stored");
            recorded[ObjectKeyParser.Parse(segment.Key).Kind]++;
        }

        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
        var endKeys = kinds.Select(_ => spans.Next(s => s.RecordingToken == scenario.Recording, Patience).EndKey!).ToList();
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Idle", Patience);
        var keys = await _fixture.S3.WaitForKeysAsync(prefix + "/", keys => endKeys.All(keys.Contains), Patience);
        using var client = _fixture.S3.CreateClient();
        foreach (var endKey in endKeys)
        {
            Assert.Equal(0, (await client.GetObjectMetadataAsync(S3Server.Bucket, endKey)).ContentLength); // B.5: an empty object
        }

        return keys;
    }

    private static ObjectKey SpanEnd(IReadOnlyList<string> keys, SpanKind kind) =>
        keys.Select(ObjectKeyParser.Parse).Single(k => k.Kind == kind && k.IsSpanEnd);

    /// <summary>Asserts the keys of one span of <paramref name="kind"/>: counters 0..n-1 in time order, then the span end object at counter n.</summary>
    private static List<ObjectKey> AssertOneSpan(IReadOnlyList<string> keys, SpanKind kind, string prefix)
    {
        var parsed = keys.Select(ObjectKeyParser.Parse).Where(k => k.Kind == kind).ToList();
        Assert.All(parsed, k => Assert.Equal((prefix, "camera-5"), (k.Prefix, k.Postfix)));
        var segments = parsed.Where(k => !k.IsSpanEnd).OrderBy(k => k.Counter).ToList();
        var end = Assert.Single(parsed, k => k.IsSpanEnd);
        Assert.True(segments.Count >= 2, $"{segments.Count} {kind} segments");
        Assert.Equal(Enumerable.Range(0, segments.Count).Select(i => (long)i), segments.Select(k => k.Counter));
        Assert.Equal(segments.Count, end.Counter);
        Assert.True(segments.Zip(segments.Skip(1)).All(p => p.Item1.Time < p.Item2.Time), "segment key times are not increasing");
        Assert.True(end.Time > segments[^1].Time, "the span end object is not after the last segment");
        Assert.EndsWith($".{segments.Count}.{kind.ToString() switch { "Mp4" => "mp4", "CmafVideo" => "m4v", _ => "m4a" }}_end", end.Key, StringComparison.Ordinal);
        return segments;
    }

    /// <summary>Table B.1 attributes stored as x-amz-meta-* (B.9); returns the segment Duration.</summary>
    private static TimeSpan AssertAttributes(Amazon.S3.Model.GetObjectMetadataResponse head, string? fullContentType, string name, bool video, bool audio)
    {
        var meta = head.Metadata;
        Assert.Equal("1.0", meta["x-amz-meta-version"]);
        Assert.Equal($"urn:uuid:{name}", meta["x-amz-meta-source"]);
        var full = meta["x-amz-meta-fullcontenttype"];
        Assert.Matches(Mp4ContentType(), full);
        if (fullContentType is not null)
        {
            Assert.Equal(fullContentType, full);
        }

        var duration = XmlConvert.ToTimeSpan(meta["x-amz-meta-duration"]);
        Assert.True(duration > TimeSpan.Zero && duration < TimeSpan.FromSeconds(6), $"Duration {meta["x-amz-meta-duration"]}");
        if (video)
        {
            Assert.Equal(("1280", "720", "25"), (meta["x-amz-meta-videowidth"], meta["x-amz-meta-videoheight"], meta["x-amz-meta-videoframerate"]));
        }

        if (audio)
        {
            Assert.Equal("48", meta["x-amz-meta-audiosamplerate"]);
        }

        return duration;
    }

    [GeneratedRegex("^video/mp4; codecs=\"avc1\\.[0-9A-Fa-f]{6},mp4a\\.40\\.2\"$")]
    private static partial Regex Mp4ContentType();

    [GeneratedRegex("^video/mp4; codecs=\"avc1\\.[0-9A-Fa-f]{6}\"$")]
    private static partial Regex CmafVideoContentType();
}
