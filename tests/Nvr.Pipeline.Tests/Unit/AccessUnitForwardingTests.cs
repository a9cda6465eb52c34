using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Tests.Unit;

/// <summary>Issue 13: an ingest channel hands its units straight to a consumer (no pump task), with the same drop policy.</summary>
[Trait("Category", "Unit")]
public sealed class AccessUnitForwardingTests
{
    private static AccessUnit Unit(bool key, long ts, List<PooledBuffer> buffers)
    {
        var buffer = PooledBuffer.Rent(16);
        buffer.Append([1, 2, 3]);
        buffers.Add(buffer);
        return AccessUnit.Create(new AccessUnitInfo(0, MediaKind.Video, MediaCodec.H264, 90000, ts, key, default), buffer, [new NalRange(0, 3)]);
    }

    [Fact]
    public void Queued_units_go_first_then_live_ones_a_full_target_drops_a_gop_and_the_end_is_forwarded()
    {
        var buffers = new List<PooledBuffer>();
        var channel = new AccessUnitChannel(capacity: 8) { HasVideo = true };
        channel.OnAccessUnit(Unit(true, 0, buffers));   // queued before the consumer exists
        channel.OnAccessUnit(Unit(false, 1, buffers));
        var target = new Target(capacity: 3);
        channel.Forward(target);
        channel.OnAccessUnit(Unit(false, 2, buffers));  // live: straight into the target
        channel.OnAccessUnit(Unit(false, 3, buffers));  // target full: GOP drop
        channel.OnAccessUnit(Unit(false, 4, buffers));  // still dropping
        target.ReleaseAll();
        channel.OnAccessUnit(Unit(true, 5, buffers));   // key frame: taken again
        var error = new IOException("gone");
        channel.Complete(error);

        Assert.Equal([0L, 1, 2, 5], target.Seen);
        Assert.Same(error, target.Ended);
        Assert.Equal(1, channel.DroppedGops);
        Assert.Equal(2, channel.DroppedUnits);
        Assert.False(channel.Reader.TryRead(out _)); // nothing queued in the channel itself
        target.ReleaseAll();
        Assert.All(buffers, b => Assert.Equal(0, b.ReferenceCount));
    }

    [Fact]
    public void After_stopping_the_units_queue_in_the_channel_again()
    {
        var buffers = new List<PooledBuffer>();
        var channel = new AccessUnitChannel(capacity: 8) { HasVideo = true };
        var target = new Target(capacity: 8);
        channel.Forward(target);
        channel.OnAccessUnit(Unit(true, 0, buffers));
        channel.StopForwarding(target);
        channel.OnAccessUnit(Unit(false, 1, buffers));
        channel.Complete();

        Assert.Equal([0L], target.Seen);
        Assert.Null(target.Ended); // ended after it stopped: not told
        Assert.True(channel.Reader.TryRead(out var queued));
        Assert.Equal(1, queued!.RtpTimestamp);
        queued.Release();
        target.ReleaseAll();
        Assert.All(buffers, b => Assert.Equal(0, b.ReferenceCount));
    }

    private sealed class Target(int capacity) : IAccessUnitTarget
    {
        private readonly List<AccessUnit> _held = [];

        public List<long> Seen { get; } = [];

        public Exception? Ended { get; private set; }

        public bool TryWrite(AccessUnit unit)
        {
            if (_held.Count >= capacity)
            {
                return false;
            }

            _held.Add(unit);
            Seen.Add(unit.RtpTimestamp);
            return true;
        }

        public void Complete(Exception? error) => Ended = error;

        public void ReleaseAll()
        {
            foreach (var unit in _held)
            {
                unit.Release();
            }

            _held.Clear();
        }
    }
}
