using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The appliance with its recording engine, next to a real GStreamer RTSP server (tests/peers) serving the
/// generated clips; responses are schema-validated at the end. Variants add peers or options by overriding.
/// </summary>
public class EngineApplianceFixture : ApplianceFixture
{
    public RtspServerPeer Rtsp { get; } = new();

    public string RecordingsDirectory => Path.Combine(DataDirectory, "recordings");

    protected override bool RecordingEngine => true;

    /// <summary>Names the captured envelopes in the validator's report.</summary>
    protected virtual string ValidationLabel => "engine";

    public string RtspUrl(string path) => Rtsp.Url(path);

    public override async Task InitializeAsync()
    {
        await Rtsp.StartAsync();
        await StartPeersAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, ValidationLabel);
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
                await StopPeersAsync();
            }
        }
    }

    /// <summary>Further peers, started after the RTSP server and before the appliance.</summary>
    protected virtual Task StartPeersAsync() => Task.CompletedTask;

    /// <summary>Stops what <see cref="StartPeersAsync"/> started, after the appliance.</summary>
    protected virtual Task StopPeersAsync() => Task.CompletedTask;
}
