namespace Nvr.Codecs.Tests.Support;

/// <summary>
/// Test media made by Debian's ffmpeg (tests/peers/make-media.sh into ${NVR_TEST_MEDIA:-/tmp/nvr-test-media}) and
/// the elementary streams extracted from it with <c>-c copy</c>: Annex B H.264/H.265, ADTS AAC, raw µ-law.
/// </summary>
public sealed class MediaFixture
{
    public MediaFixture()
    {
        MediaDir = TestTools.MediaDirectory;
        ProcessResult made = TestTools.Run("bash", [TestTools.PeerScript("make-media.sh"), MediaDir], TimeSpan.FromMinutes(10));
        if (made.ExitCode != 0) throw new InvalidOperationException($"make-media.sh failed: {made.Error}");
        EsDir = Path.Combine(MediaDir, "es");
        Directory.CreateDirectory(EsDir);
        H264 = Extract("h264.mp4", "h264.h264", "-map", "0:v:0", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264");
        H264Aac = Extract("h264.mp4", "h264.aac", "-map", "0:a:0", "-c", "copy", "-f", "adts");
        H265 = Extract("h265.mp4", "h265.hevc", "-map", "0:v:0", "-c", "copy", "-bsf:v", "hevc_mp4toannexb", "-f", "hevc");
        BFrames = Extract("bframes.mkv", "bframes.h264", "-map", "0:v:0", "-c", "copy", "-f", "h264");
        MuLaw = Extract("bframes.mkv", "bframes.ul", "-map", "0:a:0", "-c", "copy", "-f", "mulaw");
    }

    public string MediaDir { get; }

    public string EsDir { get; }

    public string H264 { get; }

    public string H264Aac { get; }

    public string H265 { get; }

    public string BFrames { get; }

    public string MuLaw { get; }

    /// <summary>PTS (in the source's time base, decode order) of the video packets of a media file, and the time base.</summary>
    public static (List<long> Pts, long Num, long Den) VideoPacketPts(string mediaFile)
    {
        ProcessResult r = ExternalTool.RunChecked("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
            "stream=time_base:packet=pts", "-of", "csv=p=0", mediaFile);
        var pts = new List<long>();
        long num = 1, den = 1;
        foreach (string line in r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.Contains('/'))
            {
                string[] tb = line.Split('/');
                num = long.Parse(tb[0], System.Globalization.CultureInfo.InvariantCulture);
                den = long.Parse(tb[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                pts.Add(long.Parse(line.TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return (pts, num, den);
    }

    private string Extract(string source, string name, params string[] args)
    {
        string target = Path.Combine(EsDir, name);
        if (File.Exists(target) && new FileInfo(target).Length > 0) return target;
        string tmp = Path.Combine(EsDir, $"{Guid.NewGuid():N}.{name}");
        ExternalTool.RunChecked("ffmpeg", ["-hide_banner", "-v", "error", "-y", "-i", Path.Combine(MediaDir, source), .. args, tmp]);
        File.Move(tmp, target, overwrite: true);
        return target;
    }
}
