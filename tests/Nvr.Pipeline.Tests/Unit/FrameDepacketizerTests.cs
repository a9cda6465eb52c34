using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class FrameDepacketizerTests
{
    private static StreamDescription Aac() => new()
    {
        Index = 1, Kind = MediaKind.Audio, Codec = MediaCodec.Aac, EncodingName = "mpeg4-generic", PayloadType = 97, ClockRate = 48000,
        FormatParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["sizelength"] = "13", ["indexlength"] = "3", ["indexdeltalength"] = "3" },
    };

    private static byte[] Rtp(int seq, uint ts, bool marker, int pt, params byte[] payload) =>
        [0x80, (byte)((marker ? 0x80 : 0) | pt), (byte)(seq >> 8), (byte)seq, (byte)(ts >> 24), (byte)(ts >> 16), (byte)(ts >> 8), (byte)ts, 0, 0, 0, 9, .. payload];

    private static void Push(Depacketizer d, byte[] packet, long ts, bool discontinuity = false)
    {
        Assert.True(RtpPacket.TryParse(packet, out var p));
        d.Push(p, ts, discontinuity);
    }

    [Fact]
    public void AAC_packet_with_three_frames_gives_three_units_1024_apart()
    {
        var sink = new UnitCollector();
        var d = new AacDepacketizer(Aac(), sink);
        // AU-headers-length 48 bits: sizes 2, 1, 3 (13 bits) + index 0 / delta 0 (3 bits).
        Push(d, Rtp(1, 5000, true, 97, 0x00, 0x30, 0x00, 0x10, 0x00, 0x08, 0x00, 0x18, 0xA1, 0xA2, 0xB1, 0xC1, 0xC2, 0xC3), 5000);
        Assert.Equal([5000L, 6024, 7048], sink.Units.Select(u => u.RtpTimestamp));
        Assert.Equal(new byte[] { 0xA1, 0xA2 }, sink.Units[0].Nals[0]);
        Assert.Equal(new byte[] { 0xB1 }, sink.Units[1].Nals[0]);
        Assert.Equal(new byte[] { 0xC1, 0xC2, 0xC3 }, sink.Units[2].Nals[0]);
    }

    [Fact]
    public void AAC_sizes_larger_than_the_data_are_malformed_and_emit_nothing()
    {
        var sink = new UnitCollector();
        var d = new AacDepacketizer(Aac(), sink);
        Push(d, Rtp(1, 0, true, 97, 0x00, 0x20, 0x00, 0x10, 0x00, 0x50, 0xA1, 0xA2), 0);
        Assert.Empty(sink.Units);
        Assert.Equal(1, d.Counters.MalformedPackets);
    }

    [Fact]
    public void AAC_fragment_interrupted_by_loss_is_dropped()
    {
        var sink = new UnitCollector();
        var d = new AacDepacketizer(Aac(), sink);
        Push(d, Rtp(1, 0, false, 97, 0x00, 0x10, 0x00, 0x20, 0xA1, 0xA2), 0);  // frame of 4 bytes, 2 here
        Push(d, Rtp(3, 0, true, 97, 0x00, 0x10, 0x00, 0x20, 0xA3, 0xA4), 0, discontinuity: true);
        Assert.Empty(sink.Units);
        // The started frame is dropped, and so is the tail (it claims 4 bytes, carries 2, ends with the marker).
        Assert.Equal(2, d.Counters.DroppedUnits);
    }

    [Fact]
    public void Metadata_document_spans_packets_and_is_skipped_after_loss()
    {
        var stream = new StreamDescription { Index = 2, Kind = MediaKind.Metadata, Codec = MediaCodec.OnvifMetadata, EncodingName = "vnd.onvif.metadata", PayloadType = 107, ClockRate = 90000 };
        var sink = new UnitCollector();
        var d = new MetadataDepacketizer(stream, sink);
        Push(d, Rtp(1, 10, false, 107, "<a>"u8.ToArray()), 10);
        Push(d, Rtp(2, 10, true, 107, "</a>"u8.ToArray()), 10);
        Push(d, Rtp(4, 20, true, 107, "</b>"u8.ToArray()), 20, discontinuity: true);  // tail of a document whose start was lost
        Push(d, Rtp(5, 30, true, 107, "<c/>"u8.ToArray()), 30);
        Assert.Equal(["<a></a>", "<c/>"], sink.Units.Select(u => System.Text.Encoding.UTF8.GetString(u.Nals[0])));
    }

    [Fact]
    public void G711_packet_is_one_unit()
    {
        var stream = new StreamDescription { Index = 0, Kind = MediaKind.Audio, Codec = MediaCodec.Pcma, EncodingName = "PCMA", PayloadType = 8, ClockRate = 8000 };
        var sink = new UnitCollector();
        var d = new G711Depacketizer(stream, sink);
        Push(d, Rtp(1, 160, true, 8, 1, 2, 3, 4), 160);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, Assert.Single(sink.Units).Nals[0]);
        Assert.True(sink.Units[0].IsKeyframe);
    }

    [Fact]
    public void H264_STAP_A_with_bad_size_is_malformed_and_spoils_the_unit()
    {
        var stream = new StreamDescription { Index = 0, Kind = MediaKind.Video, Codec = MediaCodec.H264, EncodingName = "H264", PayloadType = 96, ClockRate = 90000 };
        var sink = new UnitCollector();
        var d = new H264Depacketizer(stream, sink);
        Push(d, Rtp(1, 0, true, 96, 0x18, 0x00, 0x02, 0x67, 0x42, 0x00, 0x09, 0x68), 0);  // second size runs past the end
        Push(d, Rtp(2, 3600, true, 96, 0x65, 0x88), 3600);  // IDR: accepted
        Assert.Equal(1, d.Counters.MalformedPackets);
        var unit = Assert.Single(sink.Units);
        Assert.True(unit.IsKeyframe);
    }
}
