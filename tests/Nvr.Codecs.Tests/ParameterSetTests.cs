using System.Text.Json;
using Nvr.Codecs.Aac;
using Nvr.Codecs.H264;
using Nvr.Codecs.H265;
using Nvr.Codecs.Rfc6381;
using Nvr.Codecs.Tests.Support;

namespace Nvr.Codecs.Tests;

/// <summary>Parameter-set parsing checked against ffprobe's reading of the same ffmpeg-made streams.</summary>
public sealed class ParameterSetTests(MediaFixture media) : IClassFixture<MediaFixture>
{
    [Fact]
    public void H264Sps_MatchesFfprobe_AndGivesCodecString()
    {
        var (_, ps) = AccessUnits.Split(File.ReadAllBytes(media.H264), hevc: false);
        H264SpsInfo sps = H264SpsParser.Parse(ps[7].Span);
        JsonElement v = ProbeVideo(media.H264);
        Assert.Equal(v.GetProperty("width").GetInt32(), sps.Width);
        Assert.Equal(v.GetProperty("height").GetInt32(), sps.Height);
        Assert.Equal(v.GetProperty("level").GetInt32(), sps.LevelIdc);
        Assert.Equal("High", v.GetProperty("profile").GetString());
        Assert.Equal(100, sps.ProfileIdc);
        Assert.Equal(1, sps.ChromaFormatIdc);
        Assert.Equal(8, sps.BitDepthLuma);
        Assert.Equal(25.0, sps.FrameRate);
        Assert.Equal("avc1.64001F", CodecString.ForH264(sps));
    }

    [Fact]
    public void AvcC_HoldsParameterSetsAndProfileFields()
    {
        var (_, ps) = AccessUnits.Split(File.ReadAllBytes(media.H264), hevc: false);
        byte[] avcC = AvcDecoderConfigurationRecord.Build(ps[7].Span, [ps[8]]);
        ReadOnlySpan<byte> sps = ps[7].Span, pps = ps[8].Span;
        Assert.Equal(1, avcC[0]);
        Assert.Equal(sps.Slice(1, 3).ToArray(), avcC[1..4]);
        Assert.Equal(0xFF, avcC[4]);
        Assert.Equal(0xE1, avcC[5]);
        Assert.Equal(sps.Length, (avcC[6] << 8) | avcC[7]);
        Assert.Equal(sps.ToArray(), avcC.AsSpan(8, sps.Length).ToArray());
        int p = 8 + sps.Length;
        Assert.Equal(1, avcC[p]);
        Assert.Equal(pps.ToArray(), avcC.AsSpan(p + 3, pps.Length).ToArray());
        Assert.Equal("FDF8F800", Convert.ToHexString(avcC, p + 3 + pps.Length, 4)); // High: 4:2:0, 8 bit, no SPS ext
        Assert.Equal(p + 3 + pps.Length + 4, avcC.Length);
    }

    [Fact]
    public void H265Sps_MatchesFfprobe_AndGivesCodecString()
    {
        var (_, ps) = AccessUnits.Split(File.ReadAllBytes(media.H265), hevc: true);
        H265SpsInfo sps = H265SpsParser.Parse(ps[33].Span);
        JsonElement v = ProbeVideo(media.H265);
        Assert.Equal(v.GetProperty("width").GetInt32(), sps.Width);
        Assert.Equal(v.GetProperty("height").GetInt32(), sps.Height);
        Assert.Equal(v.GetProperty("level").GetInt32(), sps.LevelIdc);
        Assert.Equal(1, sps.ProfileIdc);
        Assert.False(sps.HighTier);
        // x265 sets progressive_source and frame_only_constraint (0x90), not non_packed (which would give B0).
        Assert.Equal(0x900000000000UL, sps.ConstraintIndicatorFlags);
        Assert.Equal("hvc1.1.6.L93.90", CodecString.ForH265(sps));
        Assert.Equal("hvc1.1.6.L93.B0", CodecString.ForH265(sps with { ConstraintIndicatorFlags = 0xB00000000000UL }));
        Assert.Equal("hev1.A4.10.H120.B0.1", CodecString.ForH265(sps with { ProfileSpace = 1, ProfileIdc = 4, ProfileCompatibilityFlags = 0x08000000, HighTier = true, LevelIdc = 120, ConstraintIndicatorFlags = 0xB00100000000UL }, "hev1"));
        byte[] hvcC = HevcDecoderConfigurationRecord.Build(ps[32], ps[33], ps[34]);
        Assert.Equal(1, hvcC[0]);
        Assert.Equal(0x01, hvcC[1]); // space 0, main tier, profile 1
        Assert.Equal(93, hvcC[12]);
        Assert.Equal(3, hvcC[22]); // VPS, SPS, PPS arrays
        Assert.Equal(0x80 | 32, hvcC[23]);
    }

    [Fact]
    public void Adts_GivesAudioSpecificConfig_ForAacLc48kStereo()
    {
        byte[] adts = File.ReadAllBytes(media.H264Aac);
        int pos = 0, frames = 0;
        AudioSpecificConfig? config = null;
        while (AdtsReader.TryReadFrame(adts, ref pos, out _, out AudioSpecificConfig c))
        {
            config = c;
            frames++;
        }
        Assert.NotNull(config);
        Assert.Equal("1190", Convert.ToHexString(config!.Bytes.Span)); // AOT 2, index 3 (48 kHz), 2 channels
        Assert.Equal(48000, config.SampleRate);
        Assert.Equal(2, config.ChannelCount);
        Assert.Equal("mp4a.40.2", CodecString.ForAac(config.AudioObjectType));
        Assert.InRange(frames, 460, 480); // 10 s of 1024-sample frames at 48 kHz ≈ 469
        AudioSpecificConfig parsed = AudioSpecificConfig.Parse(config.Bytes.Span);
        Assert.Equal((2, 48000, 2), (parsed.AudioObjectType, parsed.SampleRate, parsed.ChannelConfiguration));
    }

    [Fact]
    public void BrokenSps_IsRejectedWithInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => H264SpsParser.Parse(Convert.FromHexString("6764")));
        Assert.Throws<InvalidDataException>(() => H264SpsParser.Parse(Convert.FromHexString("6801")));
        Assert.Throws<InvalidDataException>(() => H265SpsParser.Parse(Convert.FromHexString("420101")));
    }

    [Fact]
    public void ContentType_JoinsCodecs()
    {
        Assert.Equal("video/mp4; codecs=\"avc1.64001F,mp4a.40.2\"", CodecString.ContentType("video/mp4", ["avc1.64001F", "mp4a.40.2"]));
        Assert.Equal("audio/mp4", CodecString.ContentType("audio/mp4", []));
    }

    private static JsonElement ProbeVideo(string path)
    {
        ProcessResult r = ExternalTool.Probe(path, "-select_streams", "v:0", "-show_entries", "stream=width,height,level,profile", "-of", "json");
        Assert.Equal(0, r.ExitCode);
        return JsonDocument.Parse(r.Output).RootElement.GetProperty("streams")[0];
    }
}
