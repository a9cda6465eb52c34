using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.Ingest;
using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Unit;

/// <summary>
/// Issue 18 requirement 4, the writer lease checked by the data path (docs/cluster.md, "Writer lease"): while the lease
/// is not held the storage gets nothing of the session — the segment in progress when it was lost is never completed,
/// no segment opens, no span end object is written — and segments opened after it is held again are written.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class WriterLeaseFenceTests(MediaFixture media)
{
    [Fact]
    public void Nothing_is_written_while_the_lease_is_not_held_and_the_segment_it_cut_is_never_completed()
    {
        var leaseTime = new FakeTimeProvider();
        using var lease = new WriterLease(TimeSpan.FromSeconds(6), leaseTime);
        lease.Renew();
        var feeder = new ClipFeeder(H264Clip.Load(media.VideoOnlyAnnexB), new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) },
            options: new RecordingSessionOptions { Lease = lease });

        feeder.Feed(75); // 0–3 s: segment 0 complete, segment 1 (from 2 s) in progress
        leaseTime.Advance(TimeSpan.FromSeconds(7)); // frozen, or no majority answered: the lease expired
        Assert.False(lease.IsHeld);
        feeder.Feed(75); // 3–6 s: the rest of segment 1 and segment 2 (from 4 s) arrive without the lease
        lease.Renew();
        feeder.Feed(100); // 6–10 s: segments 3 and 4, under the lease again
        feeder.Stop();

        Assert.Equal([0L, 3L, 4L], feeder.Keys().Select(k => k.Counter));
        Assert.DoesNotContain(feeder.Keys(), k => k.IsSpanEnd); // the fenced span ends as a crash ends it
        Assert.Equal([true, false, false, true, true], feeder.Segments.Select(s => s.Stored));
        Assert.Equal(ClipFeeder.Origin, feeder.Segments[0].StartUtc);
        Assert.Equal(ClipFeeder.Origin.AddSeconds(6), feeder.Segments[3].StartUtc);
    }

    [Fact]
    public void Without_a_lease_the_session_writes_as_before()
    {
        var feeder = new ClipFeeder(H264Clip.Load(media.VideoOnlyAnnexB), new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) });
        feeder.Feed(100);
        feeder.Stop();
        Assert.Equal([0L, 1L], feeder.Keys().Where(k => !k.IsSpanEnd).Select(k => k.Counter));
        Assert.Single(feeder.Keys(), k => k.IsSpanEnd);
    }
}
