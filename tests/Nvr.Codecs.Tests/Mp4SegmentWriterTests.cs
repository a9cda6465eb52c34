using System.Text.Json;
using Nvr.Codecs.Fmp4;
using Nvr.Codecs.Tests.Support;

namespace Nvr.Codecs.Tests;

/// <summary>Annex B.6 MP4 segments judged by Debian's ffprobe/ffmpeg against the ffmpeg-made sources.</summary>
public sealed class Mp4SegmentWriterTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("nvr-codecs-tests");

    private string Dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void H264Aac_DecodesFrameIdenticalToSource_WithMfraListingEveryFragment()
    {
        var output = new FileSegmentOutput(Dir);
        var (writer, feeder) = H264AacWriter(output, new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(1) });
        using (writer)
        {
            feeder.Run();
            writer.Finish(StreamFeeder.T0.AddSeconds(10));
        }
        Assert.Equal(0, writer.DroppedSamples);
        string file = Assert.Single(output.Files);
        SegmentEnded ended = Assert.Single(output.Ended);
        Assert.Equal(StreamFeeder.T0, output.Started[0].FirstSampleUtc);
        // The explicit end applies to video; the clip's audio runs slightly longer and keeps its own last duration.
        Assert.Equal(StreamFeeder.T0.AddTicks(feeder.AudioFrames * 1024 * TimeSpan.TicksPerSecond / 48000), ended.EndUtc);
        Assert.True(feeder.AudioFrames * 1024 > 480000);
        Assert.Equal("video/mp4; codecs=\"avc1.64001F,mp4a.40.2\"", output.Started[0].ContentType);
        Assert.Equal("mp4", output.Started[0].Extension);

        JsonElement probe = ProbeJson(file);
        JsonElement streams = probe.GetProperty("streams");
        Assert.Equal("h264", streams[0].GetProperty("codec_name").GetString());
        Assert.Equal(1280, streams[0].GetProperty("width").GetInt32());
        Assert.Equal(720, streams[0].GetProperty("height").GetInt32());
        Assert.Equal("aac", streams[1].GetProperty("codec_name").GetString());
        Assert.Equal("48000", streams[1].GetProperty("sample_rate").GetString());
        Assert.Equal(feeder.AudioFrames * 1024 / 48000.0, double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 3);

        Assert.Equal(ExternalTool.FrameMd5(media.H264, "v"), ExternalTool.FrameMd5(file, "v"));
        Assert.Equal(ExternalTool.AudioMd5(media.H264Aac), ExternalTool.AudioMd5(file));

        byte[] bytes = File.ReadAllBytes(file);
        List<Mp4Box> top = Mp4Box.Parse(bytes);
        Assert.Equal(["ftyp", "moov"], top.Take(2).Select(b => b.Type));
        Assert.Equal("mfra", top[^1].Type);
        List<Mp4Box> moofs = top.Where(b => b.Type == "moof").ToList();
        Assert.Equal(10, ended.FragmentCount);
        Assert.Equal(ended.FragmentCount, moofs.Count);
        Assert.Equal(moofs.Count, top.Count(b => b.Type == "mdat"));
        Mp4Box mfra = top[^1];
        Mp4Box mfro = mfra.Children[^1];
        Assert.Equal("mfro", mfro.Type);
        Assert.Equal((uint)mfra.Size, mfro.U32(4));
        foreach (Mp4Box tfra in mfra.All("tfra"))
        {
            var entries = Mp4Inspect.Tfra(tfra);
            // every fragment lists every track here (both tracks have samples in every fragment)
            Assert.Equal(moofs.Select(m => m.Offset), entries.Select(e => e.MoofOffset));
        }
        Mp4Box moov = top[1];
        Assert.Equal(new byte[12], moov.All("trak").First().Child("mdia").Child("minf").Child("stbl").Child("stsz").Payload.ToArray()); // no samples in moov
        Assert.Equal(2, moov.Child("mvex").All("trex").Count());
        // exact durations: every video trun duration is 3600 (40 ms at 90 kHz), no drift
        Assert.All(moofs.SelectMany(m => m.All("traf").First().Child("trun").TrunSamples(out _)), s => Assert.Equal(3600u, s.Duration));
    }

    [Fact]
    public void H264BFramesWithG711_KeepsPresentationTimes_AndDecodesIdentically()
    {
        var (srcPts, num, den) = MediaFixture.VideoPacketPts(Path.Combine(media.MediaDir, "bframes.mkv"));
        List<long> pts90k = srcPts.Select(p => p * 90000 * num / den).ToList();
        var output = new FileSegmentOutput(Dir);
        Mp4SegmentWriter? w = null;
        var feeder = new StreamFeeder();
        feeder.WithVideo(media.BFrames, hevc: false, k => w!.AddSample(0, feeder.VideoDts[k], (int)(feeder.VideoPts[k] - feeder.VideoDts[k]), feeder.VideoUnits[k].IsKey, feeder.Nals(k)), pts90k)
              .WithMuLaw(media.MuLaw, (k, dts, frame) => w!.AddFrame(1, dts, frame));
        using (w = new Mp4SegmentWriter([feeder.Video!, feeder.Audio!], output))
        {
            w.SetUtcAnchor(0, feeder.VideoDts[0], StreamFeeder.T0);
            w.SetUtcAnchor(1, 0, StreamFeeder.T0);
            feeder.Run();
            w.Finish(StreamFeeder.T0.AddSeconds(10));
        }
        string file = Assert.Single(output.Files);
        JsonElement streams = ProbeJson(file).GetProperty("streams");
        Assert.Equal("pcm_mulaw", streams[1].GetProperty("codec_name").GetString());
        Assert.Equal("ulaw", streams[1].GetProperty("codec_tag_string").GetString());
        Assert.Equal(ExternalTool.FrameMd5(media.BFrames, "v"), ExternalTool.FrameMd5(file, "v"));
        Assert.Equal(ExternalTool.AudioMd5(media.MuLaw, "-f", "mulaw", "-ar", "8000", "-ac", "1"), ExternalTool.AudioMd5(file));

        // The presentation times ffprobe reads back are the source's (relative to the first key frame's DTS).
        ProcessResult packets = ExternalTool.RunChecked("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts", "-of", "csv=p=0", file);
        List<long> ours = packets.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => long.Parse(l.Trim().TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(pts90k.Select(p => p - feeder.VideoDts[0]), ours);
        Assert.Contains(pts90k.Zip(feeder.VideoDts), p => p.First != p.Second); // there really are reordered frames
    }

    [Fact]
    public void H265Aac_DecodesFrameIdenticalToSource()
    {
        var output = new FileSegmentOutput(Dir);
        Mp4SegmentWriter? w = null;
        var feeder = new StreamFeeder();
        feeder.WithVideo(media.H265, hevc: true, k => w!.AddSample(0, feeder.VideoDts[k], 0, feeder.VideoUnits[k].IsKey, feeder.Nals(k)))
              .WithAac(Path.Combine(ExtractAac(media.MediaDir, "h265.mp4")), (k, dts, frame) => w!.AddFrame(1, dts, frame));
        using (w = new Mp4SegmentWriter([feeder.Video!, feeder.Audio!], output))
        {
            w.SetUtcAnchor(0, 0, StreamFeeder.T0);
            w.SetUtcAnchor(1, 0, StreamFeeder.T0);
            feeder.Run();
            w.Finish();
        }
        string file = Assert.Single(output.Files);
        JsonElement streams = ProbeJson(file).GetProperty("streams");
        Assert.Equal("hevc", streams[0].GetProperty("codec_name").GetString());
        Assert.Equal("hvc1", streams[0].GetProperty("codec_tag_string").GetString());
        Assert.Equal(ExternalTool.FrameMd5(media.H265, "v"), ExternalTool.FrameMd5(file, "v"));
        Assert.StartsWith("video/mp4; codecs=\"hvc1.1.6.L93.90,mp4a.40.2\"", output.Started[0].ContentType);
    }

    [Fact]
    public void SegmentDuration_CutsAtKeyFrames_WithoutGaps_AndEverySegmentPlaysAlone()
    {
        var output = new FileSegmentOutput(Dir);
        var (writer, feeder) = H264AacWriter(output, new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(1), SegmentDuration = TimeSpan.FromSeconds(4) });
        using (writer)
        {
            feeder.Run();
            writer.Finish(StreamFeeder.T0.AddSeconds(10));
        }
        Assert.Equal(3, output.Files.Count);
        Assert.Equal([0L, 1, 2], output.Started.Select(s => s.SequenceNumber));
        Assert.Equal(StreamFeeder.T0, output.Started[0].FirstSampleUtc);
        for (int i = 1; i < 3; i++)
        {
            // The next segment starts where the previous ended (audio may overlap by less than one AAC frame).
            TimeSpan gap = output.Started[i].FirstSampleUtc - output.Ended[i - 1].EndUtc;
            Assert.InRange(gap.TotalMilliseconds, -1024 * 1000.0 / 48000 - 0.001, 0);
        }
        Assert.Equal(StreamFeeder.T0.AddTicks(feeder.AudioFrames * 1024 * TimeSpan.TicksPerSecond / 48000), output.Ended[^1].EndUtc);
        var md5 = new List<string>();
        foreach (string f in output.Files)
        {
            Assert.Equal("mfra", Mp4Box.Parse(File.ReadAllBytes(f))[^1].Type);
            md5.AddRange(ExternalTool.FrameMd5(f, "v"));
        }
        Assert.Equal(ExternalTool.FrameMd5(media.H264, "v"), md5);
        Assert.Equal(new[] { 4.0, 4.0, 2.0 }, output.Ended.Select(e => Math.Round(e.Duration.TotalSeconds, 1)));
    }

    [Fact]
    public void TruncatedAfterThreeFragments_StillDecodesTheFirstThreeFragments()
    {
        var output = new FileSegmentOutput(Dir);
        var (writer, feeder) = H264AacWriter(output, new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(1) });
        using (writer)
        {
            feeder.Run();
            writer.Finish();
        }
        string file = output.Files[0];
        string cut = Path.Combine(Dir, "cut.mp4");
        byte[] all = File.ReadAllBytes(file);
        long end = output.WriteEnds[0][2]; // header + fragments 1..3 (power lost during fragment 4)
        File.WriteAllBytes(cut, all.AsSpan(0, (int)end + 1000).ToArray()); // plus a torn part of fragment 4
        List<string> source = ExternalTool.FrameMd5(media.H264, "v");
        List<string> decoded = ExternalTool.FrameMd5(cut, "v");
        Assert.Equal(75, decoded.Count);
        Assert.Equal(source.Take(75), decoded);
    }

    internal static JsonElement ProbeJson(string file)
    {
        ProcessResult r = ExternalTool.Probe(file, "-show_entries", "stream=codec_name,codec_tag_string,width,height,sample_rate,channels:format=duration", "-of", "json");
        Assert.True(r.ExitCode == 0 && r.Error.Trim().Length == 0, $"ffprobe reported: {r.Error}");
        return JsonDocument.Parse(r.Output).RootElement;
    }

    internal static string ExtractAac(string mediaDir, string source)
    {
        string target = Path.Combine(mediaDir, "es", Path.GetFileNameWithoutExtension(source) + ".aac");
        if (!File.Exists(target))
        {
            string tmp = target + Guid.NewGuid().ToString("N");
            ExternalTool.RunChecked("ffmpeg", "-hide_banner", "-v", "error", "-y", "-i", Path.Combine(mediaDir, source), "-map", "0:a:0", "-c", "copy", "-f", "adts", tmp);
            File.Move(tmp, target, overwrite: true);
        }
        return target;
    }

    private (Mp4SegmentWriter Writer, StreamFeeder Feeder) H264AacWriter(ISegmentOutput output, SegmentWriterOptions options)
    {
        Mp4SegmentWriter? w = null;
        var feeder = new StreamFeeder();
        feeder.WithVideo(media.H264, hevc: false, k => w!.AddSample(0, feeder.VideoDts[k], 0, feeder.VideoUnits[k].IsKey, feeder.Nals(k)))
              .WithAac(media.H264Aac, (k, dts, frame) => w!.AddFrame(1, dts, frame));
        w = new Mp4SegmentWriter([feeder.Video!, feeder.Audio!], output, options);
        w.SetUtcAnchor(0, 0, StreamFeeder.T0);
        w.SetUtcAnchor(1, 0, StreamFeeder.T0);
        return (w, feeder);
    }
}
