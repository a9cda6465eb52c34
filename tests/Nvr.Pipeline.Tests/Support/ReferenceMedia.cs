namespace Nvr.Pipeline.Tests.Support;

/// <summary>Elementary streams extracted from the source clips by ffmpeg (-c copy), the judge for interop tests.</summary>
public static class ReferenceMedia
{
    /// <summary>NAL units of the clip's video, in file order (Annex B split, start codes removed).</summary>
    public static async Task<List<byte[]>> VideoNalsAsync(string clip, string format)
    {
        var output = Path.Combine(Path.GetTempPath(), $"nvr-ref-{Path.GetFileNameWithoutExtension(clip)}-{Guid.NewGuid():N}.{format}");
        var bsf = format == "h264" ? "h264_mp4toannexb" : "hevc_mp4toannexb";
        try
        {
            await Peers.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-map", "0:v:0", "-c:v", "copy", "-bsf:v", bsf, "-f", format, output], TimeSpan.FromMinutes(2));
            return AnnexB.Split(await File.ReadAllBytesAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Raw AAC frames of the clip (ADTS headers removed).</summary>
    public static async Task<List<byte[]>> AacFramesAsync(string clip)
    {
        var output = Path.Combine(Path.GetTempPath(), $"nvr-ref-{Guid.NewGuid():N}.aac");
        try
        {
            await Peers.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-map", "0:a:0", "-c:a", "copy", "-f", "adts", output], TimeSpan.FromMinutes(2));
            var data = await File.ReadAllBytesAsync(output);
            var frames = new List<byte[]>();
            var i = 0;
            while (i + 7 <= data.Length)
            {
                var protectionAbsent = (data[i + 1] & 1) == 1;
                var length = ((data[i + 3] & 3) << 11) | (data[i + 4] << 3) | (data[i + 5] >> 5);
                var header = protectionAbsent ? 7 : 9;
                frames.Add(data.AsSpan(i + header, length - header).ToArray());
                i += length;
            }

            return frames;
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Raw G.711 µ-law samples of the clip.</summary>
    public static async Task<byte[]> MulawSamplesAsync(string clip)
    {
        var output = Path.Combine(Path.GetTempPath(), $"nvr-ref-{Guid.NewGuid():N}.ul");
        try
        {
            await Peers.RunAsync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", clip, "-map", "0:a:0", "-c:a", "copy", "-f", "mulaw", output], TimeSpan.FromMinutes(2));
            return await File.ReadAllBytesAsync(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
