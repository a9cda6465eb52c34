using System.Diagnostics;

namespace Nvr.Codecs.Tests.Support;

/// <summary>Runs an external tool (ffmpeg, ffprobe, bash) bounded in time; a missing tool fails the test clearly.</summary>
public static class ExternalTool
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(string file, IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in args) psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' is required by this test but could not be started ({e.Message}). Install it (Debian: apt-get install ffmpeg).", e);
        }
        using (p)
        {
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            Task<string> stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit((int)(timeout ?? TimeSpan.FromMinutes(3)).TotalMilliseconds))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time.");
            }
            p.WaitForExit();
            return new Result(p.ExitCode, stdout.Result, stderr.Result);
        }
    }

    public static Result RunChecked(string file, params string[] args)
    {
        Result r = Run(file, args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({r.ExitCode}): {r.StdErr}");
        return r;
    }

    /// <summary>ffprobe's JSON for a file (streams, format), with errors shown on stderr.</summary>
    public static Result Probe(string path, params string[] extra) =>
        Run("ffprobe", ["-v", "error", .. extra, path]);

    /// <summary>The md5 column of <c>ffmpeg -f framemd5</c> over decoded frames of one stream ("v" or "a").</summary>
    public static List<string> FrameMd5(string path, string stream, params string[] inputOptions)
    {
        Result r = Run("ffmpeg", ["-hide_banner", "-v", "error", .. inputOptions, "-i", path, "-map", $"0:{stream}:0", "-f", "framemd5", "-"]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"ffmpeg framemd5 of {path} failed: {r.StdErr}");
        return r.StdOut.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split(',')[^1].Trim()).ToList();
    }

    /// <summary>MD5 of all decoded audio as s16le (independent of how frames are packetized).</summary>
    public static string AudioMd5(string path, params string[] inputOptions)
    {
        Result r = Run("ffmpeg", ["-hide_banner", "-v", "error", .. inputOptions, "-i", path, "-map", "0:a:0", "-f", "s16le", "-acodec", "pcm_s16le", "-f", "md5", "-"]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"ffmpeg md5 of {path} failed: {r.StdErr}");
        return r.StdOut.Trim();
    }
}
