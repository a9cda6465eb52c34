using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The appliance with its recording engine and a free-space watermark no disk can satisfy (every completed local
/// segment is below it), next to a real GStreamer RTSP server. Responses are schema-validated at the end.
/// </summary>
public sealed class WatermarkApplianceFixture : ApplianceFixture
{
    public RtspServerPeer Rtsp { get; } = new();

    public string RecordingsDirectory => Path.Combine(DataDirectory, "recordings");

    protected override bool RecordingEngine => true;

    protected override long MinimumFreeBytes => long.MaxValue;

    public override async Task InitializeAsync()
    {
        await Rtsp.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, "engine-watermark");
        }
        finally
        {
            try
            {
                await base.DisposeAsync();
            }
            finally
            {
                await Rtsp.StopAsync();
            }
        }
    }
}
