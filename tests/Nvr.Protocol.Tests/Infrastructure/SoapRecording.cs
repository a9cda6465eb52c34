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
}
