using Nvr.Pipeline.Media;
using Nvr.Recording.Session;
using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Unit;

/// <summary>The ring alone: whole GOPs only, order kept through growth and wrap-around, bytes accounted.</summary>
[Trait("Category", "Unit")]
public sealed class PreEventRingTests
{
    private static readonly DateTime Origin = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TrackLane Lane = new(new RecordingTrack("V", MediaKind.Video), 0, 0);

    private static HeldUnit Unit(int n, int gop = 25)
    {
        var unit = SyntheticUnits.Audio(0, new byte[10 + (n % 7)], n, 90000, Origin.AddMilliseconds(40 * n));
        return new HeldUnit(Lane, unit, n, n, unit.UtcTime, IsVideo: true, StartsGop: n % gop == 0);
    }

    [Fact]
    public void RefusesAGopTail_WithoutItsStart()
    {
        var ring = new PreEventRing(4);
        var tail = Unit(3);
        Assert.False(ring.TryAdd(tail));
        Assert.Equal((0, 0L), (ring.Count, ring.Bytes));
        tail.Unit.Release();
    }

    [Fact]
    public void KeepsOrderAndGops_ThroughGrowthAndWrapAround_AndReleasesWholeGops()
    {
        var ring = new PreEventRing(8);
        for (int n = 0; n < 1000; n++)
        {
            Assert.True(ring.TryAdd(Unit(n)));
            if (n % 100 == 99)
            {
                ring.ReleaseGopsBefore(Origin.AddMilliseconds(40 * (n - 75))); // about 3 GOPs of pre-event time
            }
        }

        long bytes = Enumerable.Range(900, 100).Sum(n => 10L + (n % 7));
        Assert.Equal(bytes, ring.Bytes);
        Assert.Equal(4, ring.GopCount); // starts 900, 925, 950, 975: 900 is the newest at or before 924 (n − 75)
        Assert.Equal(Origin.AddMilliseconds(40 * 900), ring.OldestGopUtc);
        Assert.Equal(100, ring.Count);
        for (int expected = 900; expected < 1000; expected++)
        {
            Assert.True(ring.TryTake(out var taken));
            Assert.Equal(expected, taken.Dts);
            taken.Unit.Release();
        }

        Assert.Equal((0, 0L, 0), (ring.Count, ring.Bytes, ring.GopCount));
    }

    [Fact]
    public void ReleaseOldestGop_TakesTheWholeFirstGop_OrEverything()
    {
        var ring = new PreEventRing(4);
        for (int n = 0; n < 60; n++)
        {
            Assert.True(ring.TryAdd(Unit(n)));
        }

        Assert.Equal(25, ring.ReleaseOldestGop());
        Assert.Equal((35, 2), (ring.Count, ring.GopCount));
        Assert.Equal(25, ring.ReleaseOldestGop());
        Assert.Equal(10, ring.ReleaseOldestGop()); // the last (partial) GOP goes as a whole
        Assert.Equal((0, 0L), (ring.Count, ring.Bytes));
        var tail = Unit(61);
        Assert.False(ring.TryAdd(tail)); // empty again: a GOP tail cannot start it
        tail.Unit.Release();
    }
}
