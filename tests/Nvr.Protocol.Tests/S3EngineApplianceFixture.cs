using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The appliance with its recording engine, a real GStreamer RTSP server serving the generated clips and a real
/// s3rver bound as storage token "s3" (both peers on free 127.0.0.1 ports, started and stopped here); every captured
/// response is schema-validated at the end.
/// </summary>
public sealed class S3EngineApplianceFixture : ApplianceFixture
{
    public RtspServerPeer Rtsp { get; } = new();

    public S3Server S3 { get; } = new();

    protected override bool RecordingEngine => true;

    protected override IReadOnlyDictionary<string, string> Storages =>
        new Dictionary<string, string>(base.Storages) { ["s3"] = S3.StorageUri };

    public string RtspUrl(string path) => Rtsp.Url(path);

    public override async Task InitializeAsync()
    {
        await Rtsp.StartAsync();
        await S3.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, "engine-s3");
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
                await S3.DisposeAsync();
            }
        }
    }
}
