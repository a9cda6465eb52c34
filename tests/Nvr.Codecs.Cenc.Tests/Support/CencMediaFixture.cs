namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>
/// Test media from <c>tests/peers/make-media.sh</c> (in <c>${NVR_TEST_MEDIA:-/tmp/nvr-test-media}</c>, idempotent),
/// split by ffmpeg into elementary streams (H.264/H.265 Annex B, AAC ADTS) under <c>cenc-es/</c> there.
/// </summary>
public sealed class CencMediaFixture : IAsyncLifetime
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    public string MediaDir { get; } = TestTools.MediaDirectory;

    internal ElementaryStreams H264 { get; private set; } = null!;

    internal ElementaryStreams H265 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        TestTools.Require("ffmpeg");
        string script = TestTools.PeerScript("make-media.sh");
        ProcessResult made = await TestTools.RunUncheckedAsync("bash", [script, MediaDir], ToolTimeout);
        Assert.True(made.ExitCode == 0, "make-media.sh failed: " + made.Describe());
        string es = Path.Combine(MediaDir, "cenc-es");
        Directory.CreateDirectory(es);
        await Extract("h264.mp4", ["-map", "0:v:0", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264"], Path.Combine(es, "h264.264"));
        await Extract("h264.mp4", ["-map", "0:a:0", "-c", "copy", "-f", "adts"], Path.Combine(es, "h264.aac"));
        await Extract("h265.mp4", ["-map", "0:v:0", "-c", "copy", "-bsf:v", "hevc_mp4toannexb", "-f", "hevc"], Path.Combine(es, "h265.265"));
        await Extract("h265.mp4", ["-map", "0:a:0", "-c", "copy", "-f", "adts"], Path.Combine(es, "h265.aac"));
        H264 = ElementaryStreams.Load(Path.Combine(es, "h264.264"), false, Path.Combine(es, "h264.aac"));
        H265 = ElementaryStreams.Load(Path.Combine(es, "h265.265"), true, Path.Combine(es, "h265.aac"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task Extract(string source, string[] args, string target)
    {
        if (File.Exists(target) && new FileInfo(target).Length > 0) return;
        string tmp = $"{target}.{Guid.NewGuid():N}.tmp";
        ProcessResult r = await TestTools.RunUncheckedAsync(
            "ffmpeg", ["-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", Path.Combine(MediaDir, source), .. args, tmp], ToolTimeout);
        Assert.True(r.ExitCode == 0, $"ffmpeg could not extract {target}: " + r.Describe());
        File.Move(tmp, target, overwrite: true);
    }
}
