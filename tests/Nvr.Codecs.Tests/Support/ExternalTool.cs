namespace Nvr.Codecs.Tests.Support;

/// <summary>ffmpeg/ffprobe questions the codec tests ask, run through the shared runner (<see cref="TestTools.Run"/>).</summary>
public static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static ProcessResult RunChecked(string file, params string[] args) => TestTools.Run(file, args, Timeout, check: true);

    /// <summary>ffprobe's answer for a file, with errors shown on stderr.</summary>
    public static ProcessResult Probe(string path, params string[] extra) =>
        TestTools.Run("ffprobe", ["-v", "error", .. extra, path], Timeout);

    /// <summary>The md5 column of <c>ffmpeg -f framemd5</c> over decoded frames of one stream ("v" or "a").</summary>
    public static List<string> FrameMd5(string path, string stream, params string[] inputOptions)
    {
        var r = TestTools.Run("ffmpeg", ["-hide_banner", "-v", "error", .. inputOptions, "-i", path, "-map", $"0:{stream}:0", "-f", "framemd5", "-"], Timeout);
        if (r.ExitCode != 0) throw new InvalidOperationException($"ffmpeg framemd5 of {path} failed: {r.Error}");
        return r.Output.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim()).ToList();
    }

    /// <summary>MD5 of all decoded audio as s16le (independent of how frames are packetized).</summary>
    public static string AudioMd5(string path, params string[] inputOptions)
    {
        var r = TestTools.Run("ffmpeg", ["-hide_banner", "-v", "error", .. inputOptions, "-i", path, "-map", "0:a:0", "-f", "s16le", "-acodec", "pcm_s16le", "-f", "md5", "-"], Timeout);
        if (r.ExitCode != 0) throw new InvalidOperationException($"ffmpeg md5 of {path} failed: {r.Error}");
        return r.Output.Trim();
    }
}
