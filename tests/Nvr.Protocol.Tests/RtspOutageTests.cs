using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Keys;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The camera going away mid-recording (issue 7, seed 5.19): the RTSP server is stopped while a job records; the job
/// goes to Error with the reason and the span is closed with its `_end` object; when the server is back the receiver
/// reconnects by itself, the job is Active again and recording continues in a new span.
/// </summary>
public sealed class RtspOutageTests : IClassFixture<EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly EngineApplianceFixture _fixture;

    public RtspOutageTests(EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_lost_camera_is_an_Error_with_a_closed_span_and_its_return_starts_a_new_span()
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, "outage", "local", "MP4", "site-2", "PT2S", _fixture.RtspUrl("h264"));

        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);
        var before = segments.Next(s => s.RecordingToken == scenario.Recording, Patience);

        await _fixture.Rtsp.StopAsync();
        var error = states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Error", Patience);
        var reasons = error.Information.Sources.SelectMany(s => s.Tracks).Select(t => t.Error ?? string.Empty).ToList();
        Assert.Contains(reasons, r => r.StartsWith("Source failed", StringComparison.Ordinal));
        var closed = spans.Next(s => s.RecordingToken == scenario.Recording, Patience);
        Assert.Equal("SourceDiscontinuity", closed.Reason);
        Assert.True(File.Exists(Path.Combine(_fixture.RecordingsDirectory, closed.EndKey!)), $"span end object {closed.EndKey} missing");
        var state = await _fixture.Recording.CallAsync("GetRecordingJobState", Token("JobToken", scenario.Job));
        Assert.Equal("Error", state.Element(Wire.Trc + "State")!.Element(Wire.Tt + "State")!.Value);

        await _fixture.Rtsp.StartAsync();
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);
        var after = segments.Next(s => s.RecordingToken == scenario.Recording && s.StartUtc >= closed.EndUtc, Patience);
        Assert.Equal(0, ObjectKeyParser.Parse(after.Key).Counter); // a new span counts from 0 again (B.4)
        Assert.True(after.StartUtc > before.EndUtc);
        Assert.Equal("Connected", (await _fixture.Receiver.CallAsync("GetReceiverState", $"<trv:ReceiverToken>{scenario.Receiver}</trv:ReceiverToken>")).Text(Wire.Tt + "State"));
    }
}
