using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Packetizers;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Properties;

public sealed class DepacketizerProperties
{
    private static StreamDescription Stream(MediaCodec codec) => codec switch
    {
        MediaCodec.H264 => new() { Index = 0, Kind = MediaKind.Video, Codec = codec, EncodingName = "H264", PayloadType = 96, ClockRate = 90000 },
        MediaCodec.H265 => new() { Index = 0, Kind = MediaKind.Video, Codec = codec, EncodingName = "H265", PayloadType = 96, ClockRate = 90000 },
        MediaCodec.Aac => new()
        {
            Index = 0, Kind = MediaKind.Audio, Codec = codec, EncodingName = "mpeg4-generic", PayloadType = 96, ClockRate = 48000,
            FormatParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["sizelength"] = "13", ["indexlength"] = "3", ["indexdeltalength"] = "3" },
        },
        MediaCodec.Pcmu => new() { Index = 0, Kind = MediaKind.Audio, Codec = codec, EncodingName = "PCMU", PayloadType = 96, ClockRate = 8000 },
        _ => new() { Index = 0, Kind = MediaKind.Metadata, Codec = MediaCodec.OnvifMetadata, EncodingName = "vnd.onvif.metadata", PayloadType = 96, ClockRate = 90000 },
    };

    public static IEnumerable<object[]> Codecs() =>
        new[] { MediaCodec.H264, MediaCodec.H265, MediaCodec.Aac, MediaCodec.Pcmu, MediaCodec.OnvifMetadata }.Select(c => new object[] { c });

    [Property(MaxTest = 300)]
    public void Random_payloads_never_crash_any_depacketizer_and_units_stay_inside_their_buffer(byte[][] payloads, bool[] markers, byte[] sequenceJumps)
    {
        foreach (var codec in new[] { MediaCodec.H264, MediaCodec.H265, MediaCodec.Aac, MediaCodec.Pcmu, MediaCodec.OnvifMetadata })
        {
            var sink = new CheckingSink();
            var receiver = new RtpStreamReceiver(Stream(codec), sink, TimeProvider.System);
            ushort seq = 100;
            uint ts = 0;
            for (var i = 0; i < payloads.Length; i++)
            {
                var marker = markers.Length > 0 && markers[i % markers.Length];
                seq += (ushort)(sequenceJumps.Length > 0 ? sequenceJumps[i % sequenceJumps.Length] % 3 : 1);
                ts += marker ? 3000u : 0u;
                byte[] packet = [0x80, (byte)((marker ? 0x80 : 0) | 96), (byte)(seq >> 8), (byte)seq, (byte)(ts >> 24), (byte)(ts >> 16), (byte)(ts >> 8), (byte)ts, 1, 2, 3, 4, .. payloads[i] ?? []];
                receiver.OnRtp(packet);
            }

            receiver.Reset();
        }
    }

    [Property(MaxTest = 200)]
    public Property Packetizing_then_depacketizing_random_NAL_units_is_the_identity(PositiveInt mtuSeed, bool hevc, NonEmptyArray<NonEmptyArray<byte>> frames)
    {
        var codec = hevc ? MediaCodec.H265 : MediaCodec.H264;
        var mtu = 40 + (mtuSeed.Get % 1500);
        var units = frames.Get.Select((frame, i) =>
        {
            // One keyframe NAL + one NAL of random bytes per unit; headers made valid (forbidden bit clear).
            byte[] key = hevc ? [0x26, 0x01, .. frame.Get] : [0x65, .. frame.Get];
            byte[] other = hevc ? [0x02, 0x01, .. frame.Get.Reverse()] : [0x41, .. frame.Get.Reverse()];
            return new CapturedUnit(0, MediaKind.Video, codec, 1000 + (i * 3600L), default, TimeSource.Arrival, true, [key, other]);
        }).ToList();
        var packets = Repacketize.Units(units, new NalPacketizer(codec, 96, 5, mtu, 65530));
        var collector = new UnitCollector();
        var receiver = new RtpStreamReceiver(Stream(codec), collector, TimeProvider.System);
        foreach (var packet in packets)
        {
            receiver.OnRtp(packet);
        }

        return (collector.Units.Count == units.Count &&
                collector.Units.Zip(units).All(p => p.First.Nals.Count == 2 &&
                    p.First.Nals[0].AsSpan().SequenceEqual(p.Second.Nals[0]) && p.First.Nals[1].AsSpan().SequenceEqual(p.Second.Nals[1])))
            .ToProperty();
    }

    private sealed class CheckingSink : IAccessUnitSink
    {
        public void OnAccessUnit(AccessUnit unit)
        {
            Assert.True(unit.Size <= Depacketizer.MaxUnitSize);
            Assert.True(unit.NalUnitCount >= 1);
            foreach (var range in unit.NalRanges)
            {
                Assert.True(range.Offset >= 0 && range.Length > 0 && range.Offset + range.Length <= unit.Size, "NAL range outside the payload");
            }

            unit.Release();
        }
    }
}
