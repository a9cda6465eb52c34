using System.Text.Json;
using Nvr.Codecs.Fmp4;
using Nvr.Codecs.Tests.Support;

namespace Nvr.Codecs.Tests;

/// <summary>Annex B.7 CMAF segments (one track each) judged by ffprobe/ffmpeg.</summary>
public sealed class CmafSegmentWriterTests(MediaFixture media) : IClassFixture<MediaFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("nvr-codecs-tests");

    private string Dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void VideoSpan_HasCmafBrands_KeyFrameFragments_AndDecodesIdentically()
    {
        var output = new FileSegmentOutput(Path.Combine(Dir, "v"));
        CmafSegmentWriter? w = null;
        var feeder = new StreamFeeder();
        feeder.WithVideo(media.H264, hevc: false, k => w!.AddSample(feeder.VideoDts[k], 0, feeder.VideoUnits[k].IsKey, feeder.Nals(k)));
        // 1.5 s fragments on a 1 s GOP: CMAF fragments must start with a key frame, so they are cut at 2 s.
        using (w = new CmafSegmentWriter(feeder.Video!, output, new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(1.5), SegmentDuration = TimeSpan.FromSeconds(5) }))
        {
            w.SetUtcAnchor(0, StreamFeeder.T0);
            feeder.Run();
            w.Finish(StreamFeeder.T0.AddSeconds(10));
        }
        Assert.Equal("cfhd", w.MediaProfileBrandOrNull);
        Assert.Equal(2, output.Files.Count);
        Assert.All(output.Started, s => Assert.Equal("m4v", s.Extension));
        Assert.All(output.Started, s => Assert.Equal("video/mp4; codecs=\"avc1.64001F\"", s.ContentType));
        Assert.Equal(output.Ended[0].EndUtc, output.Started[1].FirstSampleUtc);
        Assert.Equal(StreamFeeder.T0.AddSeconds(10), output.Ended[1].EndUtc);
        var md5 = new List<string>();
        foreach (string f in output.Files)
        {
            List<Mp4Box> top = Mp4Box.Parse(File.ReadAllBytes(f));
            Mp4Box ftyp = top[0];
            Assert.Equal("ftyp", ftyp.Type);
            Assert.Equal("cmfc", System.Text.Encoding.ASCII.GetString(ftyp.Payload[..4]));
            string brands = System.Text.Encoding.ASCII.GetString(ftyp.Payload[8..]);
            Assert.Contains("cmfc", brands);
            Assert.Contains("cfhd", brands);
            Assert.Contains("iso6", brands);
            List<Mp4Box> moofs = top.Where(b => b.Type == "moof").ToList();
            Assert.Equal(3, moofs.Count); // 2 s + 2 s + 1 s
            foreach (Mp4Box moof in moofs)
            {
                Mp4Box traf = Assert.Single(moof.All("traf"));
                var samples = traf.Child("trun").TrunSamples(out _);
                Assert.Equal(0x02000000u, samples[0].Flags); // starts with a sync sample
                Assert.Equal(0x020000u, traf.Child("tfhd").U32(0) & 0xFFFFFF); // default-base-is-moof
            }
            Assert.Equal("mfra", top[^1].Type);
            Mp4SegmentWriterTests.ProbeJson(f);
            md5.AddRange(ExternalTool.FrameMd5(f, "v"));
        }
        Assert.Equal(ExternalTool.FrameMd5(media.H264, "v"), md5);
    }

    [Fact]
    public void H265VideoSpan_HasChhdBrand_AndDecodesIdentically()
    {
        var output = new FileSegmentOutput(Path.Combine(Dir, "h265"));
        CmafSegmentWriter? w = null;
        var feeder = new StreamFeeder();
        feeder.WithVideo(media.H265, hevc: true, k => w!.AddSample(feeder.VideoDts[k], 0, feeder.VideoUnits[k].IsKey, feeder.Nals(k)));
        using (w = new CmafSegmentWriter(feeder.Video!, output))
        {
            w.SetUtcAnchor(0, StreamFeeder.T0);
            feeder.Run();
            w.Finish();
        }
        Assert.Equal("chhd", w.MediaProfileBrandOrNull);
        string file = Assert.Single(output.Files);
        Assert.Equal("video/mp4; codecs=\"hvc1.1.6.L93.90\"", output.Started[0].ContentType);
        Mp4Box hvc1 = Mp4Box.Parse(File.ReadAllBytes(file))[1].Child("trak").Child("mdia").Child("minf").Child("stbl").Child("stsd").Children.Single();
        Assert.Equal("hvc1", hvc1.Type);
        Assert.Equal("hvc1", Mp4SegmentWriterTests.ProbeJson(file).GetProperty("streams")[0].GetProperty("codec_tag_string").GetString());
        Assert.Equal(ExternalTool.FrameMd5(media.H265, "v"), ExternalTool.FrameMd5(file, "v"));
    }

    [Fact]
    public void AudioSpan_IsM4aWithCaacBrand_AndDecodesIdentically()
    {
        var output = new FileSegmentOutput(Path.Combine(Dir, "a"));
        CmafSegmentWriter? w = null;
        var feeder = new StreamFeeder();
        feeder.WithAac(media.H264Aac, (k, dts, frame) => w!.AddFrame(dts, frame));
        using (w = new CmafSegmentWriter(feeder.Audio!, output, new SegmentWriterOptions { WriteMfra = false }))
        {
            w.SetUtcAnchor(0, StreamFeeder.T0);
            feeder.Run();
            w.Finish();
        }
        string file = Assert.Single(output.Files);
        Assert.Equal("m4a", output.Started[0].Extension);
        Assert.Equal("audio/mp4; codecs=\"mp4a.40.2\"", output.Started[0].ContentType);
        List<Mp4Box> top = Mp4Box.Parse(File.ReadAllBytes(file));
        Assert.DoesNotContain(top, b => b.Type == "mfra");
        Assert.Contains("caac", System.Text.Encoding.ASCII.GetString(top[0].Payload[8..]));
        JsonElement s = Mp4SegmentWriterTests.ProbeJson(file).GetProperty("streams")[0];
        Assert.Equal("aac", s.GetProperty("codec_name").GetString());
        Assert.Equal(2, s.GetProperty("channels").GetInt32());
        Assert.Equal(ExternalTool.AudioMd5(media.H264Aac), ExternalTool.AudioMd5(file));
    }

    [Fact]
    public void MetadataSpan_IsM4m_AndKeepsEveryXmlDocumentByteExact()
    {
        var output = new FileSegmentOutput(Path.Combine(Dir, "m"));
        var docs = Enumerable.Range(0, 30).Select(i => System.Text.Encoding.UTF8.GetBytes(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><tt:MetadataStream xmlns:tt=\"http://www.onvif.org/ver10/schema\"><tt:Event n=\"{i}\"/></tt:MetadataStream>")).ToList();
        using (var w = new CmafSegmentWriter(TrackDescription.ForOnvifMetadata(), output))
        {
            w.SetUtcAnchor(0, StreamFeeder.T0);
            for (int i = 0; i < docs.Count; i++) w.AddFrame(i * 45000L, docs[i]); // every 0.5 s
            w.Finish(StreamFeeder.T0.AddSeconds(15));
        }
        string file = Assert.Single(output.Files);
        Assert.Equal("m4m", output.Started[0].Extension);
        Assert.Equal("application/mp4; codecs=\"metx\"", output.Started[0].ContentType);
        Assert.Equal(StreamFeeder.T0.AddSeconds(15), output.Ended[0].EndUtc);
        byte[] bytes = File.ReadAllBytes(file);
        List<Mp4Box> top = Mp4Box.Parse(bytes);
        Mp4Box stsd = top[1].Child("trak").Child("mdia").Child("minf").Child("stbl").Child("stsd");
        Mp4Box metx = Assert.Single(stsd.Children);
        Assert.Equal("metx", metx.Type);
        Assert.Contains("http://www.onvif.org/ver10/schema", System.Text.Encoding.UTF8.GetString(metx.Payload));
        var read = new List<byte[]>();
        foreach (Mp4Box moof in top.Where(b => b.Type == "moof"))
        {
            var samples = moof.Child("traf").Child("trun").TrunSamples(out int dataOffset);
            long p = moof.Offset + dataOffset;
            foreach (var s in samples)
            {
                Assert.Equal(45000u, s.Duration);
                read.Add(bytes.AsSpan((int)p, (int)s.Size).ToArray());
                p += s.Size;
            }
        }
        Assert.Equal(docs, read);
        ProcessResult probe = ExternalTool.Probe(file, "-show_entries", "stream=codec_type,codec_tag_string", "-of", "csv=p=0");
        Assert.Equal(0, probe.ExitCode);
        Assert.Contains("metx", probe.Output);
    }
}
