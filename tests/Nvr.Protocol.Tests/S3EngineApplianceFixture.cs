using System.Globalization;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The appliance with its recording engine, a real GStreamer RTSP server serving the generated clips and a real
/// s3rver bound as storage token "s3" (both peers on free 127.0.0.1 ports, started and stopped here); every captured
/// response is schema-validated at the end.
/// </summary>
public sealed class S3EngineApplianceFixture : ApplianceFixture
{
    public int RtspPort { get; } = ExternalTool.FreePort();

    public S3Server S3 { get; } = new();

    protected override bool RecordingEngine => true;

    protected override IReadOnlyDictionary<string, string> Storages =>
        new Dictionary<string, string>(base.Storages) { ["s3"] = S3.StorageUri };

    public string RtspUrl(string path) => $"rtsp://127.0.0.1:{RtspPort}/{path}";

    /// <summary>The clip the RTSP server loops for <paramref name="path"/> (rtsp-server.py: one path per file stem).</summary>
    public static string ClipFor(string path) => Path.Combine(ExternalTool.MediaDirectory, path + ".mp4");

    public override async Task InitializeAsync()
    {
        await ExternalTool.RunCheckedAsync("bash", [ExternalTool.PeerScript("make-media.sh"), ExternalTool.MediaDirectory], TimeSpan.FromMinutes(5));
        await ExternalTool.RunCheckedAsync("bash", [ExternalTool.PeerScript("rtsp-server.sh"), "start", RtspPort.ToString(CultureInfo.InvariantCulture), ExternalTool.MediaDirectory], TimeSpan.FromMinutes(3));
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
                await ExternalTool.RunAsync("bash", [ExternalTool.PeerScript("rtsp-server.sh"), "stop", RtspPort.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));
                await S3.DisposeAsync();
            }
        }
    }
}
