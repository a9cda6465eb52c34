using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The appliance with its recording engine, next to a real GStreamer RTSP server (tests/peers) serving the
/// generated clips; responses are schema-validated at the end.
/// </summary>
public sealed class EngineApplianceFixture : ApplianceFixture
{
    public int RtspPort { get; } = ExternalTool.FreePort();

    public string RecordingsDirectory => Path.Combine(DataDirectory, "recordings");

    protected override bool RecordingEngine => true;

    public string RtspUrl(string path) => $"rtsp://127.0.0.1:{RtspPort}/{path}";

    public override async Task InitializeAsync()
    {
        await ExternalTool.RunCheckedAsync("bash", [ExternalTool.PeerScript("make-media.sh"), ExternalTool.MediaDirectory], TimeSpan.FromMinutes(5));
        await ExternalTool.RunCheckedAsync("bash", [ExternalTool.PeerScript("rtsp-server.sh"), "start", RtspPort.ToString(System.Globalization.CultureInfo.InvariantCulture), ExternalTool.MediaDirectory], TimeSpan.FromMinutes(3));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, "engine");
        }
        finally
        {
            await base.DisposeAsync();
            await ExternalTool.RunAsync("bash", [ExternalTool.PeerScript("rtsp-server.sh"), "stop", RtspPort.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));
        }
    }
}
