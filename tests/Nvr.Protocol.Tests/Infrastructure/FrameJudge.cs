namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>ffprobe/ffmpeg as independent judges of recorded files: clean probing, decoded-frame MD5s, source order.</summary>
public static class FrameJudge
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The codec names of the file's streams, sorted; fails when ffprobe reports any error.</summary>
    public static async Task<IReadOnlyList<string>> ProbeCleanAsync(string file)
    {
        var (code, output, error) = await TestTools.RunUncheckedAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file], Timeout);
        Assert.True(code == 0 && error.Length == 0, $"ffprobe {file}: exit {code}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>MD5 of every decoded video frame of the file, in output order (ffmpeg -f framemd5); fails on decode errors.</summary>
    public static async Task<IReadOnlyList<string>> VideoFrameMd5Async(string file)
    {
        var (code, output, error) = await TestTools.RunUncheckedAsync("ffmpeg", ["-v", "error", "-i", file, "-map", "0:v:0", "-f", "framemd5", "-"], Timeout);
        Assert.True(code == 0 && error.Trim().Length == 0, $"ffmpeg could not decode {file} cleanly: exit {code}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line[(line.LastIndexOf(',') + 1)..].Trim())
            .ToList();
    }

    /// <summary>
    /// Asserts that <paramref name="recorded"/> is a run of consecutive frames of the looped <paramref name="source"/>:
    /// its first frame occurs in the source and every next frame is the source's next one (modulo the loop).
    /// </summary>
    public static void AssertConsecutiveFramesOf(IReadOnlyList<string> source, IReadOnlyList<string> recorded, string what)
    {
        Assert.NotEmpty(recorded);
        Assert.Equal(source.Count, source.Distinct(StringComparer.Ordinal).Count()); // every source frame is unique (burned-in timecode)
        var start = -1;
        for (var i = 0; i < source.Count; i++)
        {
            if (string.Equals(source[i], recorded[0], StringComparison.Ordinal))
            {
                start = i;
                break;
            }
        }

        Assert.True(start >= 0, $"{what}: the first decoded frame ({recorded[0]}) is not a frame of the source clip");
        for (var n = 1; n < recorded.Count; n++)
        {
            var expected = source[(start + n) % source.Count];
            if (!string.Equals(expected, recorded[n], StringComparison.Ordinal))
            {
                var found = -1;
                for (var i = 0; i < source.Count; i++)
                {
                    found = string.Equals(source[i], recorded[n], StringComparison.Ordinal) ? i : found;
                }

                throw new Xunit.Sdk.XunitException(
                    $"{what}: decoded frame {n} should be source frame {(start + n) % source.Count} but is " +
                    (found < 0 ? "not a frame of the source (corrupted)" : $"source frame {found} (frames dropped or repeated)"));
            }
        }
    }
}
