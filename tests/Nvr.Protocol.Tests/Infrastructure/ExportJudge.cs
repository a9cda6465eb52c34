using System.Globalization;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>One decoded video frame: its MD5 (ffmpeg framemd5), presentation time in the file (s) and key-frame flag (ffprobe).</summary>
public sealed record DecodedFrame(string Md5, double PtsSeconds, bool Key);

/// <summary>ffmpeg/ffprobe as judges of exported files against the recorded segments they came from.</summary>
public static class ExportJudge
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The decoded video frames of <paramref name="file"/> in presentation order.</summary>
    /// <param name="keyHex">The content key when the file is CENC/CBCS-encrypted (ffmpeg -decryption_key).</param>
    public static async Task<IReadOnlyList<DecodedFrame>> VideoFramesAsync(string file, string? keyHex = null)
    {
        string[] key = keyHex is null ? [] : ["-fflags", "+ignidx", "-decryption_key", keyHex]; // ffmpeg misreads senc when it follows the mfra index
        var (md5Code, md5Output, md5Error) = await TestTools.RunUncheckedAsync("ffmpeg",
            ["-v", "error", .. key, "-i", file, "-map", "0:v:0", "-f", "framemd5", "-"], Timeout);
        Assert.True(md5Code == 0 && md5Error.Trim().Length == 0, $"ffmpeg could not decode {file} cleanly: exit {md5Code}: {md5Error}");
        var md5 = md5Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line[(line.LastIndexOf(',') + 1)..].Trim())
            .ToList();
        var (code, output, error) = await TestTools.RunUncheckedAsync("ffprobe",
            ["-v", "error", .. key, "-select_streams", "v:0", "-show_entries", "frame=key_frame,best_effort_timestamp_time", "-of", "csv=p=0", file], Timeout);
        Assert.True(code == 0 && error.Trim().Length == 0, $"ffprobe frames of {file}: exit {code}: {error}");
        var frames = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Select(f => (Key: f[0] == "1", Pts: double.Parse(f[1], CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(md5.Count, frames.Count);
        return md5.Select((m, i) => new DecodedFrame(m, frames[i].Pts, frames[i].Key)).ToList();
    }

    /// <summary>The exported video stream's start time (s) as ffprobe reports it (to make frame times relative).</summary>
    public static double FirstPts(IReadOnlyList<DecodedFrame> frames) => frames.Count == 0 ? 0 : frames[0].PtsSeconds;

    /// <summary>Index of the first occurrence of <paramref name="run"/> as a contiguous subsequence of <paramref name="all"/>, or −1.</summary>
    public static int IndexOfRun(IReadOnlyList<string> all, IReadOnlyList<string> run)
    {
        for (var start = 0; start + run.Count <= all.Count; start++)
        {
            var match = true;
            for (var i = 0; i < run.Count && match; i++)
            {
                match = string.Equals(all[start + i], run[i], StringComparison.Ordinal);
            }

            if (match)
            {
                return start;
            }
        }

        return -1;
    }
}
