using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// Issue 17, hostile cameras against the running appliance: a camera that answers garbage, oversize headers, lies
/// about interleaved lengths or stalls after DESCRIBE puts the job in Error with the reason (SOAP state, event,
/// /metrics job state) while the appliance keeps serving; once the camera behaves, the receiver reconnects by itself
/// and recording resumes. A camera whose stream is odd (wild timestamps, sequence jumps, no codec data, a codec change
/// mid-stream) never makes the appliance present a segment that does not probe clean. The ingest-level cases of the
/// same faults (stalled headers, silent server, 2 GB Content-Length, refusals, redirect loops) are
/// MisbehavingServerTests in Nvr.Pipeline.Tests.
/// </summary>
public sealed class HostileCameraTests : IClassFixture<HostileApplianceFixture>
{
    private static readonly TimeSpan Patience = HostileApplianceFixture.Patience;
    private readonly HostileApplianceFixture _fixture;

    public HostileCameraTests(HostileApplianceFixture fixture) => _fixture = fixture;

    [Theory]
    [InlineData(CameraBehaviour.Garbage)]
    [InlineData(CameraBehaviour.OversizeHeader)]
    [InlineData(CameraBehaviour.LyingInterleavedLength)]
    [InlineData(CameraBehaviour.StallAfterDescribe)]
    public async Task A_misbehaving_camera_is_an_Error_with_its_reason_and_recording_resumes_when_it_behaves(CameraBehaviour behaviour)
    {
        var system = _fixture.Host.Control.System;
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        await using var camera = new HostileCamera { Behaviour = behaviour };
        var scenario = await _fixture.RecordAsync("hostile-" + behaviour.ToString().ToLowerInvariant(), camera.Uri);

        var error = states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Error", Patience);
        var reasons = error.Information.Sources.SelectMany(s => s.Tracks).Select(t => t.Error ?? string.Empty).Where(r => r.Length > 0).ToList();
        Assert.NotEmpty(reasons);
        Assert.Equal("Error", await _fixture.JobStateAsync(scenario.Job));
        var metrics = await _fixture.ScrapeAsync();
        Assert.Equal(1, HostileApplianceFixture.Metric(metrics, "nvr_recording_job_state", ("job", scenario.Job), ("state", "Error")));
        Assert.Equal(0, HostileApplianceFixture.Metric(metrics, "nvr_receiver_connected", ("receiver", scenario.Receiver)));

        camera.Behaviour = CameraBehaviour.Good;
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);
        var segment = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored, Patience);
        Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(Path.Combine(_fixture.RecordingsDirectory, segment.Key)));
        Assert.Equal("Active", await _fixture.JobStateAsync(scenario.Job));
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
    }
}
