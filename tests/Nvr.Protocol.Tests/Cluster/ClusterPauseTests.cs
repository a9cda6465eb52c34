using Nvr.Protocol.Tests.Infrastructure;
using Xunit.Abstractions;
using static Nvr.Protocol.Tests.Cluster.ClusterProbe;

namespace Nvr.Protocol.Tests.Cluster;

/// <summary>
/// Issue 18 requirement 4, a node paused beyond the failover bound and resumed (SIGSTOP, then SIGCONT): its
/// recordings start again on the survivors while it is frozen; once it runs again its writer lease has expired on the
/// monotonic clock (docs/cluster.md, "Writer lease"), so it writes nothing more, and it learns it was downed and
/// removed, stops its recordings and exits (coordinated shutdown).
/// <para>
/// Single writer, for the footage the frozen node had buffered: "stops recording before its recordings are started
/// elsewhere" is read as "commits nothing it did not commit while it held the lease". What it completed before the
/// freeze stays (it predates the new owner's span and may still be indexed or uploaded after SIGCONT); the footage it
/// had taken in but not completed as a segment when it froze — the segment in progress and everything queued in its
/// sockets and channels, which is most of the pause — is never completed, indexed or uploaded by it (the segment in
/// progress stays in its spool as a kill leaves it). So, asserted: its old span gets no segment that starts after the
/// SIGSTOP, every segment of that span ends before the new owner's first, no segment of one span overlaps one of
/// another span, and the node logs the lease's revocation ("this process was frozen") and "writer lease lost".
/// </para>
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterPauseTests : IAsyncLifetime
{
    private readonly ClusterHarness _cluster = new(3, nameof(ClusterPauseTests));
    private readonly EnvelopeCapture _capture = new();
    private readonly ITestOutputHelper _output;

    public ClusterPauseTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_node_paused_beyond_the_bound_loses_its_recordings_to_the_survivors_and_exits_when_resumed()
    {
        var recordings = new List<string>();
        await using (var trc = new OnvifSoapClient(_cluster.Nodes[1].ServiceUrl("recording_service"), OnvifSoapClient.Trc, _capture))
        await using (var trv = new OnvifSoapClient(_cluster.Nodes[1].ServiceUrl("receiver_service"), OnvifSoapClient.Trv, _capture))
        {
            for (var i = 0; i < 4; i++)
            {
                recordings.Add((await RecordingScenario.CreateAsync(trc, trv, $"camera-{i}", "s3", "MP4", $"paused-{i}", "PT2S", _cluster.Cameras.Url($"h264?cam={i}"))).Recording);
            }
        }

        var owners = new Dictionary<string, ClusterNodeProcess>();
        foreach (var recording in recordings)
        {
            await Eventually(() => _cluster.Nodes.Count(n => n.SegmentsWritten(recording) >= 2) == 1, $"{recording} records on one node", diagnosis: () => _cluster.Diagnosis(recording));
            owners[recording] = _cluster.Nodes.Single(n => n.SegmentsWritten(recording) > 0);
        }

        var victim = _cluster.Nodes.Skip(1).OrderByDescending(n => owners.Values.Count(o => o == n)).First();
        var moved = owners.Where(o => o.Value == victim).Select(o => o.Key).ToList();
        Assert.NotEmpty(moved);
        var survivors = _cluster.Nodes.Where(n => n != victim).ToList();
        var writtenBefore = moved.ToDictionary(r => r, r => victim.SegmentsWritten(r));
        var pausedAt = DateTimeOffset.UtcNow;
        await victim.SignalAsync(pause: true);
        var frozenBy = DateTimeOffset.UtcNow; // `kill -STOP` has returned: the node is stopped
        foreach (var recording in moved)
        {
            await Eventually(() => _cluster.Segments(recording).Any(s => s.Start > pausedAt), $"{recording} records again while node {victim.Number} is paused", TimeSpan.FromSeconds(120));
            var first = _cluster.Segments(recording).First(s => s.Start > pausedAt);
            _output.WriteLine($"{recording}: node {victim.Number} paused at {pausedAt:HH:mm:ss.fff}; new span from {first.Start:HH:mm:ss.fff} ({(first.Start - pausedAt).TotalSeconds:F1} s)");
            Assert.True(first.Start - pausedAt <= ClusterFailoverTests.FailoverBound, $"{recording} resumed {(first.Start - pausedAt).TotalSeconds:F1} s after the pause");
        }

        var resumedAt = DateTimeOffset.UtcNow;
        await victim.SignalAsync(pause: false);
        await victim.WaitForExitAsync(TimeSpan.FromMinutes(2));
        var exitedAfter = DateTimeOffset.UtcNow - resumedAt;
        var log = victim.Log.Split('\n');
        var stopped = log.Any(l => l.Contains("stopping its recordings", StringComparison.Ordinal));
        _output.WriteLine($"node {victim.Number} resumed at {resumedAt:HH:mm:ss.fff} (paused {(resumedAt - pausedAt).TotalSeconds:F1} s), exited {exitedAfter.TotalSeconds:F1} s later; 'stopping its recordings' logged: {stopped}");
        foreach (var line in log.Where(l => l.Contains("writer lease", StringComparison.Ordinal)))
        {
            _output.WriteLine($"  node {victim.Number}: {line.Trim()}");
        }

        Assert.Contains(log, l => l.Contains("cluster: writer lease revoked", StringComparison.Ordinal) && l.Contains("this process was frozen", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("writer lease lost", StringComparison.Ordinal) && moved.Any(r => l.Contains($"recording {r}:", StringComparison.Ordinal)));

        foreach (var recording in moved)
        {
            var segments = _cluster.Segments(recording);
            var spans = SpansOf(segments);
            var newOwner = segments.First(x => x.Start > pausedAt);
            var lastBefore = segments.Where(x => x.Start < pausedAt).MaxBy(x => x.Start);
            var old = spans.Single(p => p.Contains(lastBefore)); // the span node N was recording when it froze
            var after = spans.Where(p => p[^1].End > pausedAt).ToList();
            var overlaps = after.SelectMany(x => after.Where(y => y != x).SelectMany(y => x.Where(a => y.Any(b => a.Start < b.End && b.Start < a.End)))).Distinct().ToList();
            _output.WriteLine($"{recording}: spans alive after the pause: {after.Count}; segments overlapping a segment of another span: {overlaps.Count}");
            foreach (var span in after)
            {
                _output.WriteLine($"  span {span[0].Key}: {span.Count} segments {span[0].Start:HH:mm:ss.fff}-{span[^1].End:HH:mm:ss.fff}, {span.Count(x => x.Start > pausedAt)} starting after the pause");
            }

            _output.WriteLine($"  node {victim.Number}'s span ends {old[^1].End:HH:mm:ss.fff} ({(old[^1].End - frozenBy).TotalSeconds:F2} s after the SIGSTOP), the new owner's starts {newOwner.Start:HH:mm:ss.fff}");
            Assert.DoesNotContain(old, x => x.Start >= frozenBy); // nothing of the footage buffered in the frozen node
            Assert.True(old[^1].End <= newOwner.Start, $"{recording}: node {victim.Number}'s span ends {old[^1].End:O}, after the new owner's start {newOwner.Start:O}");
            Assert.Empty(overlaps);
        }

        Assert.True(stopped, $"node {victim.Number} did not log that it stops its recordings");
        Assert.True(exitedAfter < TimeSpan.FromMinutes(2), $"node {victim.Number} did not exit after it was resumed");
        await OnvifValidator.AssertValidAsync(_capture, "cluster-pause");
    }

    /// <summary>The segments grouped into spans: a segment continues the span whose last segment has the previous counter (two spans may interleave).</summary>
    private static List<List<(DateTimeOffset Start, DateTimeOffset End, string Key)>> SpansOf(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End, string Key)> segments)
    {
        var spans = new List<List<(DateTimeOffset Start, DateTimeOffset End, string Key)>>();
        foreach (var segment in segments)
        {
            var counter = SpanCounter(segment.Key);
            var span = counter == 0 ? null : spans.Where(p => SpanCounter(p[^1].Key) == counter - 1)
                .OrderBy(p => Math.Abs((segment.Start - p[^1].End).TotalMilliseconds)).FirstOrDefault();
            if (span is null)
            {
                spans.Add([segment]);
            }
            else
            {
                span.Add(segment);
            }
        }

        return spans;
    }

    /// <summary>The segment counter of a key (<c>…/13/50-56.683Z.4.mp4</c> → 4).</summary>
    private static long SpanCounter(string key)
    {
        var name = key[(key.LastIndexOf('Z') + 2)..];
        return long.Parse(name[..name.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }
}
