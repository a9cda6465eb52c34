using Nvr.Protocol.Tests.Infrastructure;
using Xunit.Abstractions;
using static Nvr.Protocol.Tests.Cluster.ClusterProbe;

namespace Nvr.Protocol.Tests.Cluster;

/// <summary>
/// Issue 18, a node paused beyond the failover bound and resumed (SIGSTOP, then SIGCONT), measured: its recordings
/// start again on the survivors while it is frozen; once it runs again it learns it was downed and removed, stops its
/// recordings and exits (coordinated shutdown). The test asserts the failover and the exit and reports what the
/// resumed node still wrote and whether that overlapped the new owner's segments (docs/cluster.md, "SIGSTOP").
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterPauseTests : IAsyncLifetime
{
    private readonly ClusterHarness _cluster = new(3);
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
            await Eventually(() => _cluster.Nodes.Count(n => n.SegmentsWritten(recording) >= 2) == 1, $"{recording} records on one node");
            owners[recording] = _cluster.Nodes.Single(n => n.SegmentsWritten(recording) > 0);
        }

        var victim = _cluster.Nodes.Skip(1).OrderByDescending(n => owners.Values.Count(o => o == n)).First();
        var moved = owners.Where(o => o.Value == victim).Select(o => o.Key).ToList();
        Assert.NotEmpty(moved);
        var survivors = _cluster.Nodes.Where(n => n != victim).ToList();
        var writtenBefore = moved.ToDictionary(r => r, r => victim.SegmentsWritten(r));
        var pausedAt = DateTimeOffset.UtcNow;
        await victim.SignalAsync(pause: true);
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
        var stopped = victim.Log.Split('\n').Any(l => l.Contains("stopping its recordings", StringComparison.Ordinal));
        _output.WriteLine($"node {victim.Number} resumed at {resumedAt:HH:mm:ss.fff} (paused {(resumedAt - pausedAt).TotalSeconds:F1} s), exited {exitedAfter.TotalSeconds:F1} s later; 'stopping its recordings' logged: {stopped}");

        // what the resumed node still wrote: the rest of its old span (the footage buffered while it was frozen), and
        // any span it started after SIGCONT next to the new owner's (two writers at once until it downed itself)
        foreach (var recording in moved)
        {
            var segments = _cluster.Segments(recording);
            var spans = new List<List<(DateTimeOffset Start, DateTimeOffset End, string Key)>>();
            foreach (var segment in segments)
            {
                var counter = SpanCounter(segment.Key);
                var span = counter == 0 ? null : spans.Where(p => SpanCounter(p[^1].Key) == counter - 1)
                    .OrderBy(p => Math.Abs((segment.Start - p[^1].End).TotalMilliseconds)).FirstOrDefault(); // two spans may interleave
                if (span is null)
                {
                    spans.Add([segment]);
                }
                else
                {
                    span.Add(segment);
                }
            }

            var after = spans.Where(p => p[^1].End > pausedAt).ToList();
            var overlaps = after.SelectMany(x => after.Where(y => y != x).SelectMany(y => x.Where(a => y.Any(b => a.Start < b.End && b.Start < a.End)))).Distinct().Count();
            _output.WriteLine($"{recording}: spans alive after the pause: {after.Count}; segments overlapping a segment of another span: {overlaps}");
            foreach (var span in after)
            {
                _output.WriteLine($"  span {span[0].Key}: {span.Count} segments {span[0].Start:HH:mm:ss.fff}-{span[^1].End:HH:mm:ss.fff}, {span.Count(x => x.Start > pausedAt)} starting after the pause");
            }
        }

        Assert.True(exitedAfter < TimeSpan.FromMinutes(2), $"node {victim.Number} did not exit after it was resumed");
        await OnvifValidator.AssertValidAsync(_capture, "cluster-pause");
    }

    /// <summary>The segment counter of a key (<c>…/13/50-56.683Z.4.mp4</c> → 4).</summary>
    private static long SpanCounter(string key)
    {
        var name = key[(key.LastIndexOf('Z') + 2)..];
        return long.Parse(name[..name.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }
}
