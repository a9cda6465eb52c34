namespace Nvr.Recording.Tests.Support;

/// <summary>
/// The generated test media (tests/peers/make-media.sh) and a GStreamer RTSP server serving it on a free port,
/// stopped at the end. Also extracts the video-only clip as an H.264 Annex B stream for in-process sources.
/// </summary>
public sealed class MediaFixture : IAsyncLifetime
{
    public int Port { get; private set; }

    public string MediaDirectory => TestTools.MediaDirectory;

    public string VideoOnlyAnnexB => Path.Combine(MediaDirectory, "recording-es", "video-only.h264");

    public Uri UriFor(string path) => new($"rtsp://127.0.0.1:{Port}/{path}");

    public async Task InitializeAsync()
    {
        await TestTools.RunAsync("bash", [TestTools.PeerScript("make-media.sh"), MediaDirectory], TimeSpan.FromMinutes(5));
        if (!File.Exists(VideoOnlyAnnexB))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(VideoOnlyAnnexB)!);
            string temp = VideoOnlyAnnexB + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await TestTools.RunAsync("ffmpeg", ["-v", "error", "-y", "-i", Path.Combine(MediaDirectory, "video-only.mp4"), "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264", temp], TimeSpan.FromMinutes(1));
            File.Move(temp, VideoOnlyAnnexB, overwrite: true);
        }

        Port = await TestTools.StartRtspServerAsync(MediaDirectory);
    }

    /// <summary>
    /// How often the server's supervisor restarted it after gst-rtsp-server 1.22 aborted (an assertion in
    /// gst_rtsp_media_get_rates that a PLAY can hit on a loaded machine; rtsp-server.sh logs "exited (134)").
    /// </summary>
    public int PeerAborts()
    {
        var log = Path.Combine(Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } tmp ? tmp : "/tmp", $"rtsp-server-{Port}.log");
        return File.Exists(log) ? File.ReadLines(log).Count(l => l.StartsWith("rtsp-server.py exited (134)", StringComparison.Ordinal)) : 0;
    }

    public Task StopServerAsync() =>
        TestTools.RunAsync("bash", [TestTools.PeerScript("rtsp-server.sh"), "stop", Port.ToString()], TimeSpan.FromMinutes(1));

    public Task DisposeAsync() => Port == 0 ? Task.CompletedTask : StopServerAsync();
}
