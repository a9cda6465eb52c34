using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Seed 5.27.1 Example 1 against a real camera (the GStreamer RTSP server sending H.264 + AAC and no metadata), over
/// SOAP: the job's tracks are assigned by default (5.13), so the metadata track that the camera does not send is
/// nothing to record (Idle with the reason), not an Error; a SourceTag a client names that matches nothing is an Error.
/// </summary>
public sealed class DefaultTrackMappingTests : IClassFixture<EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly EngineApplianceFixture _fixture;

    public DefaultTrackMappingTests(EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Example_1_on_a_camera_without_metadata_records_video_and_audio_and_is_not_Error()
    {
        using var states = new EventCollector<RecordingJobStateEvent>(_fixture.Host.Control.System);
        using var segments = new EventCollector<SegmentRecordedEvent>(_fixture.Host.Control.System);
        var recordingClient = _fixture.Recording;
        var recording = (await recordingClient.CallAsync("CreateRecording",
            RecordingConfiguration("example-1-camera", target: Target("MP4", "PT3S", storage: "local", postfix: "example-1-camera")))).Text(Wire.Trc + "RecordingToken");

        // Example 1: a job in Idle mode with an auto-created receiver and no tracks, then the receiver is configured.
        var job = await recordingClient.CallAsync("CreateRecordingJob", Job(recording, "Idle", 1));
        var jobToken = job.Text(Wire.Trc + "JobToken");
        var receiver = job.Element(Wire.Trc + "JobConfiguration")!.Text(Wire.Tt + "Token");
        await _fixture.Receiver.CallAsync("ConfigureReceiver",
            $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken>" + ReceiverConfiguration("AutoConnect", _fixture.RtspUrl("h264?cam=example-1")));
        await recordingClient.CallAsync("SetRecordingJobMode", Token("JobToken", jobToken) + Token("Mode", "Active"));

        // The first state the job leaves Idle for is not Error; a segment holding video and audio means both flowed
        // (the engine reports a track Active before its first segment completes, in that order to the control actor).
        var first = states.Next(e => e.RecordingJobToken == jobToken && e.State is "PartiallyActive" or "Active" or "Error", Patience);
        Assert.Equal("PartiallyActive", first.State);
        var segment = segments.Next(s => s.RecordingToken == recording, Patience);
        Assert.Equal(["AUDIO001", "VIDEO001"], segment.Tracks.Order());

        // Video and audio flow, metadata is left Idle: Table 3 aggregates that to PartiallyActive.

        var state = (await recordingClient.CallAsync("GetRecordingJobState", Token("JobToken", jobToken))).Element(Wire.Trc + "State")!;
        Assert.Equal("PartiallyActive", state.Element(Wire.Tt + "State")!.Value);
        var tracks = state.Descendants(Wire.Tt + "Track").ToDictionary(t => t.Text(Wire.Tt + "Destination"));
        Assert.Equal(["VIDEO001", "AUDIO001", "META001"], tracks.Keys);
        Assert.Equal("Active", tracks["VIDEO001"].Text(Wire.Tt + "State"));
        Assert.Equal("Active", tracks["AUDIO001"].Text(Wire.Tt + "State"));
        Assert.Equal("Idle", tracks["META001"].Text(Wire.Tt + "State"));
        Assert.Equal("metadata", tracks["META001"].Text(Wire.Tt + "SourceTag"));
        Assert.Contains("nothing to record", tracks["META001"].Text(Wire.Tt + "Error"), StringComparison.Ordinal);
        Assert.DoesNotContain(state.Descendants(Wire.Tt + "State"), s => s.Value == "Error");

        await recordingClient.CallAsync("SetRecordingJobMode", Token("JobToken", jobToken) + Token("Mode", "Idle"));
        states.Next(e => e.RecordingJobToken == jobToken && e.State == "Idle", Patience);
    }

    [Fact]
    public async Task A_SourceTag_the_client_names_that_matches_no_stream_is_an_Error_with_the_reason()
    {
        using var states = new EventCollector<RecordingJobStateEvent>(_fixture.Host.Control.System);
        using var segments = new EventCollector<SegmentRecordedEvent>(_fixture.Host.Control.System);
        var recordingClient = _fixture.Recording;
        var recording = (await recordingClient.CallAsync("CreateRecording",
            RecordingConfiguration("explicit-metadata", target: Target("MP4", "PT3S", storage: "local", postfix: "explicit-metadata")))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver",
            ReceiverConfiguration("AutoConnect", _fixture.RtspUrl("h264?cam=explicit-metadata")))).Text(Wire.Tt + "Token");
        var source = ReceiverSource(receiver, ("video", "VIDEO001"), ("metadata", "META001"));
        var jobToken = (await recordingClient.CallAsync("CreateRecordingJob", Job(recording, "Active", 1, source))).Text(Wire.Trc + "JobToken");

        var failed = states.Next(e => e.RecordingJobToken == jobToken && e.State != "Idle", Patience);
        Assert.Equal("Error", failed.State);
        Assert.Equal("Error", failed.Information.Sources.Single().Tracks.Single(t => t.Destination == "META001").State);
        var segment = segments.Next(s => s.RecordingToken == recording, Patience);
        Assert.Equal(["VIDEO001"], segment.Tracks);
        var state = (await recordingClient.CallAsync("GetRecordingJobState", Token("JobToken", jobToken))).Element(Wire.Trc + "State")!;
        Assert.Equal("Error", state.Element(Wire.Tt + "State")!.Value);
        var metadata = state.Descendants(Wire.Tt + "Track").Single(t => t.Text(Wire.Tt + "Destination") == "META001");
        Assert.Equal("Error", metadata.Text(Wire.Tt + "State"));
        Assert.Equal("Active", state.Descendants(Wire.Tt + "Track").Single(t => t.Text(Wire.Tt + "Destination") == "VIDEO001").Text(Wire.Tt + "State"));
        Assert.Equal($"SourceTag 'metadata' matches no stream of receiver {receiver}", metadata.Text(Wire.Tt + "Error"));

        await recordingClient.CallAsync("SetRecordingJobMode", Token("JobToken", jobToken) + Token("Mode", "Idle"));
        states.Next(e => e.RecordingJobToken == jobToken && e.State == "Idle", Patience);
    }
}
