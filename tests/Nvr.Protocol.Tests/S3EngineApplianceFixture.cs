using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The engine appliance with a real s3rver bound as storage token "s3" (on a free 127.0.0.1 port, started and
/// stopped here) besides the GStreamer RTSP server; every captured response is schema-validated at the end.
/// </summary>
public sealed class S3EngineApplianceFixture : EngineApplianceFixture
{
    public S3Server S3 { get; } = new();

    protected override IReadOnlyDictionary<string, string> Storages =>
        new Dictionary<string, string>(base.Storages) { ["s3"] = S3.StorageUri };

    protected override string ValidationLabel => "engine-s3";

    protected override Task StartPeersAsync() => S3.StartAsync();

    protected override async Task StopPeersAsync() => await S3.DisposeAsync();
}
