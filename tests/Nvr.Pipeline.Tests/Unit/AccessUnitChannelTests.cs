using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class AccessUnitChannelTests
{
    private static AccessUnit Unit(MediaKind kind, bool key, long ts, List<PooledBuffer> buffers)
    {
        var buffer = PooledBuffer.Rent(16);
        buffer.Append([1, 2, 3]);
        buffers.Add(buffer);
        return AccessUnit.Create(new AccessUnitInfo(kind == MediaKind.Video ? 0 : 1, kind, MediaCodec.H264, 90000, ts, key, default), buffer, [new NalRange(0, 3)]);
    }

    [Fact]
    public void Full_channel_drops_until_the_next_keyframe_and_counts_it()
    {
        var buffers = new List<PooledBuffer>();
        var channel = new AccessUnitChannel(capacity: 3) { HasVideo = true };
        channel.OnAccessUnit(Unit(MediaKind.Video, true, 0, buffers));
        channel.OnAccessUnit(Unit(MediaKind.Video, false, 1, buffers));
        channel.OnAccessUnit(Unit(MediaKind.Audio, true, 2, buffers));
        channel.OnAccessUnit(Unit(MediaKind.Video, false, 3, buffers));  // full: GOP drop starts
        Assert.True(channel.Reader.TryRead(out var first));               // consumer catches up a bit
        first!.Release();
        channel.OnAccessUnit(Unit(MediaKind.Audio, true, 4, buffers));    // still dropping (no keyframe yet)
        channel.OnAccessUnit(Unit(MediaKind.Video, false, 5, buffers));
        channel.OnAccessUnit(Unit(MediaKind.Video, true, 6, buffers));    // keyframe: accepted again

        Assert.Equal(1, channel.DroppedGops);
        Assert.Equal(3, channel.DroppedUnits);
        var queued = new List<long>();
        while (channel.Reader.TryRead(out var u))
        {
            queued.Add(u.RtpTimestamp);
            u.Release();
        }

        Assert.Equal([1L, 2, 6], queued);
        Assert.All(buffers, b => Assert.Equal(0, b.ReferenceCount));  // nothing leaked, nothing released twice
    }

    [Fact]
    public void Releasing_twice_is_an_error_not_a_silent_corruption()
    {
        var buffers = new List<PooledBuffer>();
        var unit = Unit(MediaKind.Video, true, 0, buffers);
        unit.AddRef();
        unit.Release();
        Assert.Equal(1, buffers[0].ReferenceCount);
        unit.Release();
        Assert.Equal(0, buffers[0].ReferenceCount);
        Assert.Throws<ObjectDisposedException>(unit.Release);
    }
}
