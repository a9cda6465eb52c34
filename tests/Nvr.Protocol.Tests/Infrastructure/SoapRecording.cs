using Nvr.Control.Events;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Makes a recording over SOAP from the fixture's GStreamer camera, as a client following seed Example 1 does.</summary>
public static class SoapRecording
{
    /// <summary>
    /// Records the camera's h264 path (video and audio) into a new recording with <paramref name="target"/> until
    /// <paramref name="count"/> video (MP4 or m4v) segments are stored, sets the job Idle and returns every segment of
    /// the closed span(s) (one span per track type for CMAF), in the order they were stored.
    /// </summary>
    public static async Task<(string Recording, List<SegmentRecordedEvent> Segments)> RecordSegmentsAsync(
        this EngineApplianceFixture fixture, string name, string target, int count, TimeSpan patience)
    {
        var system = fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        var recording = (await fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration(name, target: target))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", fixture.RtspUrl("h264")))).Text(Wire.Tt + "Token");
        var job = (await fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"))))).Text(Wire.Trc + "JobToken");
        var recorded = new List<SegmentRecordedEvent>();
        while (recorded.Count(r => !r.Key.EndsWith(".m4a", StringComparison.Ordinal)) < count) // video (or MP4) segments
        {
            recorded.Add(segments.Next(s => s.RecordingToken == recording, patience));
        }

        await fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
        var total = spans.Next(s => s.RecordingToken == recording, patience).Segments;
        if (target.Contains(">CMAF<", StringComparison.Ordinal))
        {
            total += spans.Next(s => s.RecordingToken == recording, patience).Segments; // one span per track type
        }

        while (recorded.Count < total)
        {
            recorded.Add(segments.Next(s => s.RecordingToken == recording, patience));
        }

        return (recording, recorded);
    }

    /// <summary>
    /// <see cref="RecordSegmentsAsync"/>, then waits until the index worker (asynchronous) has every one of those
    /// segments (polling the index file with a deadline); the segments in time order.
    /// </summary>
    public static async Task<(string Recording, List<SegmentRecordedEvent> Segments)> RecordIndexedSegmentsAsync(
        this EngineApplianceFixture fixture, string name, string target, int count, TimeSpan patience)
    {
        var (recording, recorded) = await fixture.RecordSegmentsAsync(name, target, count, patience);
        using var index = new Nvr.Storage.Index.RecordedRangeIndex(Path.Combine(fixture.DataDirectory, "index.db"));
        var deadline = DateTime.UtcNow + patience;
        while (!recorded.All(r => index.GetRecordingSegments(recording).Any(s => s.Key == r.Key)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the segments were never all indexed");
            await Task.Delay(50); // the index worker writes asynchronously: polling the index file with a deadline
        }

        return (recording, [.. recorded.OrderBy(r => r.StartUtc)]);
    }

    /// <summary>Waits until none of <paramref name="segments"/> is left in the S3 spool (uploaded, then deleted there).</summary>
    public static async Task WaitSpoolEmptyAsync(this EngineApplianceFixture fixture, IReadOnlyList<SegmentRecordedEvent> segments, TimeSpan patience)
    {
        var spool = Path.Combine(fixture.DataDirectory, "spool");
        var deadline = DateTime.UtcNow + patience;
        while (Directory.Exists(spool) && Directory.EnumerateFiles(spool, "*", SearchOption.AllDirectories).Any(f => segments.Any(s => f.EndsWith(s.Key, StringComparison.Ordinal))))
        {
            Assert.True(DateTime.UtcNow < deadline, "the segments stayed in the spool");
            await Task.Delay(50); // the spool deletes an object after its upload: polling with a deadline
        }
    }
}
