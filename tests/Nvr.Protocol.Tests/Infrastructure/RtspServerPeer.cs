using System.Globalization;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>The GStreamer RTSP server of tests/peers looping the generated clips, on a free 127.0.0.1 port.</summary>
public sealed class RtspServerPeer
{
    public int Port { get; private set; }

    public string Url(string path) => $"rtsp://127.0.0.1:{Port}/{path}";

    /// <summary>The clip the server loops for <paramref name="path"/> (rtsp-server.py: one path per file stem).</summary>
    public static string ClipFor(string path) => Path.Combine(TestTools.MediaDirectory, path + ".mp4");

    /// <summary>Generates the clips when missing (idempotent) and starts the server.</summary>
    public async Task StartAsync()
    {
        await TestTools.RunAsync("bash", [TestTools.PeerScript("make-media.sh"), TestTools.MediaDirectory], TimeSpan.FromMinutes(5));
        Port = await TestTools.StartRtspServerAsync(TestTools.MediaDirectory, Port); // a free port on first start, the same one after
    }

    public Task StopAsync() =>
        TestTools.RunUncheckedAsync("bash", [TestTools.PeerScript("rtsp-server.sh"), "stop", Port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(1));
}
