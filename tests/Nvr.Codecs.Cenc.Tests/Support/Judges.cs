namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>The real, independent judges of encrypted files: ffmpeg (frame-exact) and headless Chromium (MSE + EME ClearKey).</summary>
internal static class Judges
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary><c>tests/peers/verify-cenc.sh</c>: decrypts with ffmpeg and compares every frame's md5 with the clear file.</summary>
    public static async Task<ProcessResult> FfmpegAsync(string encrypted, string keyHex, string clear, bool videoOnly = false)
    {
        TestTools.Require("ffmpeg");
        return await TestTools.RunUncheckedAsync(
            "bash",
            [TestTools.PeerScript("verify-cenc.sh"), encrypted, keyHex, clear],
            Timeout,
            new Dictionary<string, string> { ["VIDEO_ONLY"] = videoOnly ? "1" : "0" });
    }

    /// <summary>framemd5 lines (stream size md5) of the first stream of <paramref name="kind"/> ("v" or "a"), decrypting with the key when given.</summary>
    public static async Task<List<string>> FrameMd5Async(string file, string kind, string? keyHex) =>
        await TryFrameMd5Async(file, kind, keyHex) ?? throw new Xunit.Sdk.XunitException($"ffmpeg could not decode {kind} of {file}");

    /// <summary>Like <see cref="FrameMd5Async"/>, but null when ffmpeg fails (e.g. garbage from a wrong key).</summary>
    public static async Task<List<string>?> TryFrameMd5Async(string file, string kind, string? keyHex)
    {
        TestTools.Require("ffmpeg");
        var args = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error", "-fflags", "+ignidx" };
        if (keyHex is not null) args.AddRange(["-decryption_key", keyHex]);
        args.AddRange(["-i", file, "-map", $"0:{kind}:0", "-f", "framemd5", "-"]);
        ProcessResult r = await TestTools.RunUncheckedAsync("ffmpeg", args, Timeout);
        if (r.ExitCode != 0) return null;
        return r.Output.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(',').Select(x => x.Trim()).ToArray())
            .Select(f => $"{f[0]} {f[4]} {f[5]}")
            .ToList();
    }

    /// <summary><c>tests/peers/verify-cenc-browser.sh</c>: plays the file in headless Chromium through MSE + EME ClearKey.</summary>
    public static async Task<ProcessResult> ChromiumAsync(string file, string kidHex, string keyHex, string mimeWithCodecs)
    {
        TestTools.Require("chromium");
        return await TestTools.RunUncheckedAsync(
            "bash",
            [TestTools.PeerScript("verify-cenc-browser.sh"), file, kidHex, keyHex, mimeWithCodecs],
            Timeout,
            new Dictionary<string, string> { ["TIMEOUT"] = "90", ["RATE"] = "2" });
    }
}
