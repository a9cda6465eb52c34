using System.Buffers.Binary;
using System.Globalization;

namespace Nvr.Recording.Tests.Support;

/// <summary>ffprobe/ffmpeg as the judge of written files.</summary>
public static class MediaJudge
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>ffprobe must read the file without any error; returns "codec:frames" per stream.</summary>
    public static async Task<IReadOnlyList<string>> ProbeCleanAsync(string file)
    {
        var result = await TestTools.RunAsync("ffprobe", ["-v", "error", "-count_frames", "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", file], Timeout);
        Assert.True(string.IsNullOrWhiteSpace(result.Error), $"ffprobe reported errors for {file}: {result.Error}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Replace(',', ':')).ToList();
    }

    /// <summary>Picture types (I, P, B) of the decoded video frames, in output order.</summary>
    public static async Task<IReadOnlyList<string>> VideoPictureTypesAsync(string file)
    {
        var result = await TestTools.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pict_type", "-of", "csv=p=0", file], Timeout);
        Assert.True(string.IsNullOrWhiteSpace(result.Error), $"ffprobe reported errors for {file}: {result.Error}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimEnd(',')).ToList();
    }

    /// <summary>MD5 of every decoded video frame, in output order.</summary>
    public static async Task<IReadOnlyList<string>> VideoFrameMd5Async(string file, params string[] inputOptions)
    {
        var result = await TestTools.RunAsync("ffmpeg", [.. inputOptions, "-v", "error", "-i", file, "-map", "0:v:0", "-f", "framemd5", "-"], Timeout);
        Assert.True(string.IsNullOrWhiteSpace(result.Error), $"ffmpeg reported decode errors for {file}: {result.Error}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#'))
            .Select(l => l[(l.LastIndexOf(',') + 1)..].Trim())
            .ToList();
    }

    /// <summary>Asserts <paramref name="part"/> is a contiguous run of the looped <paramref name="source"/>.</summary>
    public static void AssertContiguousRunOf(IReadOnlyList<string> source, IReadOnlyList<string> part)
    {
        Assert.NotEmpty(part);
        for (int start = 0; start < source.Count; start++)
        {
            if (source[start] != part[0])
            {
                continue;
            }

            bool all = true;
            for (int i = 1; i < part.Count && all; i++)
            {
                all = source[(start + i) % source.Count] == part[i];
            }

            if (all)
            {
                return;
            }
        }

        Assert.Fail($"the {part.Count} decoded frames are not a contiguous run of the source's {source.Count} frames (a frame is missing, duplicated or altered)");
    }

    /// <summary>The top-level box types of an ISO-BMFF file, in order.</summary>
    public static IReadOnlyList<string> TopLevelBoxes(ReadOnlySpan<byte> file)
    {
        var boxes = new List<string>();
        int position = 0;
        while (position + 8 <= file.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file[position..]);
            string type = System.Text.Encoding.ASCII.GetString(file.Slice(position + 4, 4));
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file[(position + 8)..]);
            }

            boxes.Add(type);
            if (size < 8)
            {
                break;
            }

            position += (int)size;
        }

        return boxes;
    }

    public static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
