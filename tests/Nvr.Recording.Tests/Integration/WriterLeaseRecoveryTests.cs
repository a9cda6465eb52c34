using Microsoft.Extensions.Time.Testing;
using Nvr.Codecs.Fmp4;
using Nvr.Pipeline.Ingest;
using Nvr.Recording.Tests.Support;
using Nvr.Storage.Keys;
using Nvr.Storage.Local;

namespace Nvr.Recording.Tests.Integration;

/// <summary>
/// Issue 18, the segment a lost writer lease cut (docs/cluster.md, "Writer lease"): a node that loses its lease
/// mid-segment and is not downed recovers that segment at once, as the sink's crash recovery would at the next start —
/// cut at its last fragment written under the lease, finalized under its key, reported stored with the end of what it
/// holds (what the engine indexes) — while nothing it took in after the loss is in any file; once the lease is held
/// again the recording goes on in a new span. Virtual time for the lease (its expiry timer too); the session is driven
/// synchronously on a real local storage with the appliance's group commit.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class WriterLeaseRecoveryTests(MediaFixture media) : IDisposable
{
    private const int FramesUnderLease = 80; // 0–3.2 s, GOPs of 1 s: segment 0 (0–2 s) complete, segment 1 holds its 2–3 s fragment, 3–3.2 s is still in memory
    private static readonly RecordingTarget Target = new() { SegmentDuration = TimeSpan.FromSeconds(2) };
    private readonly TempDirectory _root = new("nvr-lease-recovery-tests");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task The_segment_cut_by_a_lost_lease_is_recovered_at_its_last_fragment_under_the_lease_and_recording_goes_on_in_a_new_span()
    {
        // the same frames without any lease: what segment 1's partial file holds after frame 79 is what was written under the lease
        var reference = await WrittenAfterAsync(FramesUnderLease);

        var leaseTime = new FakeTimeProvider();
        using var lease = new WriterLease(TimeSpan.FromSeconds(6), leaseTime);
        lease.Renew();
        using var storage = new LocalDiskSink(Path.Combine(_root.Path, "lease"), groupCommitInterval: GroupCommit.DefaultInterval);
        var feeder = new ClipFeeder(H264Clip.Load(media.VideoOnlyAnnexB), Target, options: new RecordingSessionOptions { Lease = lease }, storage: storage);
        feeder.Feed(FramesUnderLease);
        var lostAt = ClipFeeder.UtcOfFrame(FramesUnderLease);
        leaseTime.Advance(TimeSpan.FromSeconds(7)); // no majority answered for 7 s (or the process was frozen): the lease expired
        Assert.False(lease.IsHeld);
        feeder.Feed(10); // 3.2–3.6 s reach the session after the loss (queued in the camera's socket): never written
        feeder.Session.ReportSourceFailure(0, new WriterLeaseLostException()); // the camera session cut by the loss, as the runner reports it
        feeder.Session.ProcessRequestsSynchronously();

        var cut = Assert.Single(feeder.Segments, s => s.Recovered);
        var recovered = storage.GetObjectInfo(cut.Key);
        Assert.NotNull(recovered); // complete under its key now, without a restart: no partial file is left
        Assert.Empty(Directory.EnumerateFiles(storage.RootDirectory, "*.partial*", SearchOption.AllDirectories));
        Assert.Equal(reference.Bytes, await File.ReadAllBytesAsync(recovered.Path)); // exactly the fragments written under the lease
        var duration = FragmentedMp4Timing.MediaDuration(recovered.Path);
        Assert.NotNull(duration);
        Assert.Equal(System.Xml.XmlConvert.ToString(duration.Value), recovered.Attributes["Duration"]);
        var key = ObjectKeyParser.Parse(cut.Key);
        Assert.Equal((1L, ClipFeeder.Origin.AddSeconds(2)), (key.Counter, key.Time.UtcDateTime));
        Assert.True(cut.Stored);
        Assert.Equal((cut.StartUtc + duration.Value, recovered.Length), (cut.EndUtc, cut.Bytes)); // the range the engine indexes: the cut file's
        Assert.True(cut.EndUtc <= lostAt, $"the recovered segment ends {cut.EndUtc:O}, after the loss at {lostAt:O}");
        Assert.True(cut.EndUtc > cut.StartUtc);
        Assert.Equal([$"h264:{(int)Math.Round(duration.Value.TotalMilliseconds / 40)}"], await MediaJudge.ProbeCleanAsync(recovered.Path));

        lease.Renew(); // answered again: the node records on, in a new span
        feeder.Feed(100); // 3.6–7.6 s
        feeder.Stop();

        var keys = storage.ListKeys().Select(k => (Key: k, Parsed: ObjectKeyParser.Parse(k))).OrderBy(k => k.Parsed.Time).ToList();
        var before = keys.Where(k => k.Parsed.Time.UtcDateTime < lostAt).ToList();
        var after = keys.Where(k => k.Parsed.Time.UtcDateTime >= lostAt).ToList();
        Assert.Equal([(0L, false), (1L, false)], before.Select(k => (k.Parsed.Counter, k.Parsed.IsSpanEnd))); // no end object: the cut span ends as a crash ends it
        Assert.True(after.Count >= 3, $"after the lease was held again: {string.Join(", ", after.Select(k => k.Key))}");
        Assert.Equal(0L, after[0].Parsed.Counter); // a new span
        Assert.True(after[^1].Parsed.IsSpanEnd);
        Assert.True(after[0].Parsed.Time.UtcDateTime >= ClipFeeder.UtcOfFrame(FramesUnderLease + 10), $"the new span starts {after[0].Parsed.Time:O}, with footage taken in while the lease was lost");
        Assert.All(feeder.Segments.Where(s => s.StartUtc >= lostAt), s => Assert.True(s.Stored && !s.Recovered));
        foreach (var (segment, _) in after.Where(k => !k.Parsed.IsSpanEnd))
        {
            Assert.NotNull(FragmentedMp4Timing.MediaDuration(storage.GetObjectInfo(segment)!.Path));
        }
    }

    /// <summary>Feeds <paramref name="frames"/> frames without a lease into a fresh storage: the partial segment's bytes.</summary>
    private async Task<(string Key, byte[] Bytes)> WrittenAfterAsync(int frames)
    {
        using var storage = new LocalDiskSink(Path.Combine(_root.Path, "reference"), groupCommitInterval: GroupCommit.DefaultInterval);
        var feeder = new ClipFeeder(H264Clip.Load(media.VideoOnlyAnnexB), Target, storage: storage);
        feeder.Feed(frames);
        var files = Directory.EnumerateFiles(storage.RootDirectory, "*", SearchOption.AllDirectories).ToList();
        var partial = Assert.Single(files, f => f.EndsWith(".partial", StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(partial);
        feeder.Stop();
        return (Path.GetRelativePath(storage.RootDirectory, partial[..^".partial".Length]), bytes);
    }
}
