using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// A camera that is unreachable before its first connection (nothing listens on its port): the job does not stay
/// silently "connecting" — after the first failed attempt it is Error, with the reason, over SOAP.
/// </summary>
public sealed class UnreachableCameraTests : IClassFixture<EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly EngineApplianceFixture _fixture;

    public UnreachableCameraTests(EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_camera_never_reached_is_an_Error_with_the_reason()
    {
        using var states = new EventCollector<RecordingJobStateEvent>(_fixture.Host.Control.System);
        var nowhere = $"rtsp://127.0.0.1:{TestTools.FreeTcpPort()}/h264";
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, "unreachable", "local", "MP4", "site-2", "PT2S", nowhere);

        var error = states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Error", Patience);
        var reasons = error.Information.Sources.SelectMany(s => s.Tracks).Select(t => t.Error ?? string.Empty).ToList();
        Assert.Contains(reasons, r => r.StartsWith("Source failed", StringComparison.Ordinal));
        var state = (await _fixture.Recording.CallAsync("GetRecordingJobState", Token("JobToken", scenario.Job))).Element(Wire.Trc + "State")!;
        Assert.Equal("Error", state.Element(Wire.Tt + "State")!.Value);
        Assert.Contains(state.Descendants(Wire.Tt + "Error"), e => e.Value.StartsWith("Source failed", StringComparison.Ordinal));
        await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", scenario.Job) + Token("Mode", "Idle"));
    }
}
