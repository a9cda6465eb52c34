using Nvr.Pipeline.Media;
using Nvr.Pipeline.Packetizers;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>Turns captured units back into RTP packets with the project's packetizers.</summary>
public static class Repacketize
{
    public static List<byte[]> Units(IEnumerable<CapturedUnit> units, RtpPacketizer packetizer)
    {
        var sink = new PacketCollector();
        foreach (var unit in units)
        {
            var payload = unit.Nals.SelectMany(n => n).ToArray();
            var ranges = new List<NalRange>();
            var offset = 0;
            foreach (var nal in unit.Nals)
            {
                ranges.Add(new NalRange(offset, nal.Length));
                offset += nal.Length;
            }

            packetizer.Packetize(payload, ranges.ToArray(), (uint)unit.RtpTimestamp, sink);
        }

        return sink.Packets;
    }

    public static void AssertSameUnits(IReadOnlyList<CapturedUnit> expected, IReadOnlyList<CapturedUnit> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].RtpTimestamp, actual[i].RtpTimestamp);
            Assert.Equal(expected[i].IsKeyframe, actual[i].IsKeyframe);
            Assert.Equal(expected[i].Nals.Count, actual[i].Nals.Count);
            for (var n = 0; n < expected[i].Nals.Count; n++)
            {
                Assert.True(expected[i].Nals[n].AsSpan().SequenceEqual(actual[i].Nals[n]), $"unit {i} NAL {n} differs");
            }
        }
    }
}
