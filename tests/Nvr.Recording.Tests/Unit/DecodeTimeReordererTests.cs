using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;
using Nvr.Recording.Session;

namespace Nvr.Recording.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class DecodeTimeReordererTests
{
    [Fact]
    public void BFrames_GetStrictlyIncreasingDecodeTimes_AndKeepTheirPresentationTimes()
    {
        // decode order of I P B B P B B ... (PTS in frame units of 3600 ticks)
        long[] ptsFrames = [0, 3, 1, 2, 6, 4, 5, 9, 7, 8];
        var reorderer = new DecodeTimeReorderer(4);
        var dts = new List<long>();
        var pts = new List<long>();
        foreach (long p in ptsFrames)
        {
            if (reorderer.Push(Unit(), p * 3600, out var ready, out long rp, out long rd))
            {
                pts.Add(rp);
                dts.Add(rd);
                ready.Release();
            }
        }

        while (reorderer.TryPop(out var ready, out long rp, out long rd))
        {
            pts.Add(rp);
            dts.Add(rd);
            ready.Release();
        }

        Assert.Equal(ptsFrames.Select(p => p * 3600), pts);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 3600L), dts);
        for (int i = 1; i < dts.Count; i++)
        {
            Assert.True(dts[i] > dts[i - 1]);
        }

        Assert.Contains(pts.Zip(dts), x => x.Item1 < x.Item2); // negative composition offsets do occur
    }

    [Fact]
    public void Clear_ReleasesHeldUnits()
    {
        var reorderer = new DecodeTimeReorderer(4);
        var buffer = PooledBuffer.Rent(8);
        buffer.Append([1, 2, 3]);
        buffer.AddRef();
        var unit = AccessUnit.Create(new AccessUnitInfo(0, MediaKind.Video, MediaCodec.H264, 90000, 0, true, DateTime.UtcNow), buffer, [new NalRange(0, 3)]);
        Assert.False(reorderer.Push(unit, 0, out _, out _, out _));
        Assert.Equal(2, buffer.ReferenceCount);
        reorderer.Clear();
        Assert.Equal(1, buffer.ReferenceCount);
        Assert.Equal(0, reorderer.Count);
        buffer.Release();
    }

    private static AccessUnit Unit()
    {
        var buffer = PooledBuffer.Rent(4);
        buffer.Append([0x41, 0]);
        return AccessUnit.Create(new AccessUnitInfo(0, MediaKind.Video, MediaCodec.H264, 90000, 0, false, DateTime.UtcNow), buffer, [new NalRange(0, 2)]);
    }
}
