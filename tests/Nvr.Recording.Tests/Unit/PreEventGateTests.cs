using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;
using Nvr.Recording.Session;

namespace Nvr.Recording.Tests.Unit;

/// <summary>The pre-event gate on its own: verdicts and the held media it hands back, without a writer.</summary>
public sealed class PreEventGateTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TrackLane Lane = new(new RecordingTrack("V", MediaKind.Video), 0, 0);

    [Fact]
    public void Off_writes_everything_and_enabling_asks_once_for_the_open_spans_to_close()
    {
        var gate = new PreEventGate(long.MaxValue);
        Assert.Equal(GateVerdict.Write, gate.Decide(startsGop: true, T0));
        Assert.True(gate.Enable(TimeSpan.FromSeconds(1)));
        Assert.False(gate.Enable(TimeSpan.FromSeconds(2)));
        Assert.Equal(GateVerdict.Hold, gate.Decide(startsGop: true, T0));
    }

    [Fact]
    public void A_window_hands_back_the_held_GOPs_from_its_start_then_ends_at_a_key_frame_after_its_end()
    {
        var gate = new PreEventGate(long.MaxValue);
        gate.Enable(TimeSpan.FromSeconds(10));
        for (int i = 0; i < 6; i++)
        {
            Assert.True(gate.Hold(Unit(i, key: i % 3 == 0)));
        }

        Assert.True(gate.Open(T0.AddSeconds(3.5))); // from the key frame at 3 s
        var replayed = new List<int>();
        while (gate.TryTakeForWindow(out var held))
        {
            replayed.Add((int)held.Pts);
            held.Unit.Release();
        }

        Assert.Equal([3, 4, 5], replayed);
        Assert.Equal(3, gate.Released);
        Assert.Equal(GateVerdict.Write, gate.Decide(startsGop: true, T0.AddSeconds(6)));

        gate.Close(T0.AddSeconds(7));
        Assert.Equal(GateVerdict.Write, gate.Decide(startsGop: true, T0.AddSeconds(7))); // no key frame written in the window yet
        gate.KeyWritten();
        Assert.Equal(GateVerdict.Write, gate.Decide(startsGop: false, T0.AddSeconds(8)));
        Assert.Equal(GateVerdict.CloseSpansThenHold, gate.Decide(startsGop: true, T0.AddSeconds(9)));
        gate.EndWindow();
        Assert.Equal(GateVerdict.Hold, gate.Decide(startsGop: true, T0.AddSeconds(9)));
        gate.Disable();
    }

    private static HeldUnit Unit(int second, bool key)
    {
        var buffer = PooledBuffer.Rent(3);
        buffer.Append([0, 0, 1]);
        var unit = AccessUnit.Create(new AccessUnitInfo(0, MediaKind.Video, MediaCodec.H264, 90000, second, key, T0.AddSeconds(second)), buffer, [new NalRange(0, 3)]);
        return new HeldUnit(Lane, unit, second, second, T0.AddSeconds(second), IsVideo: true, StartsGop: key);
    }
}
