using Nvr.Protocol.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nvr.Protocol.Tests.Cluster;

/// <summary>
/// Issue 18, the CI version (docs/cluster.md has the long run): three appliance processes in cluster mode on
/// 127.0.0.1 with PostgreSQL, s3rver and four GStreamer cameras. Recordings are created through a node that does not
/// host the control singleton and spread over the nodes; a non-oldest node is SIGKILLed; each of its recordings must
/// record again in a new span on exactly one survivor within the bound, the others keep recording where they were,
/// no two segments of a recording overlap across nodes, no object key repeats, and every node reads the same
/// configuration.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterFailoverTests : IAsyncLifetime
{
    /// <summary>
    /// SIGKILL → the first sample of the new span, asserted for a loaded CI machine: the 30 s target is met with 15–19 s
    /// measured at ordinary load; at a load average of 84 on 2 cores missed heartbeats reset the resolver's timer once
    /// and a run took 31.3 s (docs/cluster.md, "Measured").
    /// </summary>
    public static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(45);

    private readonly ClusterHarness _cluster = new(3);
    private readonly EnvelopeCapture _capture = new();
    private readonly ITestOutputHelper _output;

    public ClusterFailoverTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Recordings_of_a_killed_node_resume_in_a_new_span_on_exactly_one_survivor_within_the_bound()
    {
        var entry = _cluster.Nodes[1]; // not the oldest: commands travel to the singleton on node 1
        var recordings = new List<RecordingScenario>();
        await using (var trc = new OnvifSoapClient(entry.ServiceUrl("recording_service"), OnvifSoapClient.Trc, _capture))
        await using (var trv = new OnvifSoapClient(entry.ServiceUrl("receiver_service"), OnvifSoapClient.Trv, _capture))
        {
            for (var i = 0; i < Cameras; i++)
            {
                recordings.Add(await RecordingScenario.CreateAsync(trc, trv, $"camera-{i}", "s3", "MP4", $"cluster-{i}", "PT2S", _cluster.Cameras.Url($"h264?cam={i}")));
            }
        }

        // every recording records, each on exactly one node
        var owners = new Dictionary<string, ClusterNodeProcess>();
        foreach (var recording in recordings)
        {
            await Eventually(() => _cluster.Nodes.Count(n => n.Segments(recording.Recording).Count >= 2) == 1, $"{recording.Recording} records on one node");
            owners[recording.Recording] = _cluster.Nodes.Single(n => n.Segments(recording.Recording).Count > 0);
        }

        foreach (var (recording, owner) in owners)
        {
            _output.WriteLine($"{recording} records on node {owner.Number}");
        }

        await AssertSameConfigurationOnEveryNodeAsync(_cluster.Nodes);
        var victim = _cluster.Nodes.Skip(1).OrderByDescending(n => owners.Values.Count(o => o == n)).First();
        Assert.True(owners.Values.Contains(victim), "no recording was placed on a node other than the oldest: " + string.Join(", ", owners.Select(o => $"{o.Key}@{o.Value.Number}")));
        owners = await KillAndAwaitFailoverAsync(victim, owners);
        foreach (var recording in recordings.Select(r => r.Recording))
        {
            AssertOneWriterAtATime(recording, _cluster.Nodes);
        }

        if (FullRun)
        {
            await ContinueFullRunAsync(victim, owners, recordings.Select(r => r.Recording).ToList());
        }

        await OnvifValidator.AssertValidAsync(_capture, "cluster-failover");
    }

    /// <summary>
    /// SIGKILLs <paramref name="victim"/>: each of its recordings must record again in a new span (counter 0) on exactly
    /// one running node within <see cref="FailoverBound"/>, its first new segment decoding cleanly; the others keep
    /// recording where they were; every running node reads the same configuration. Returns the new owners.
    /// </summary>
    private async Task<Dictionary<string, ClusterNodeProcess>> KillAndAwaitFailoverAsync(ClusterNodeProcess victim, Dictionary<string, ClusterNodeProcess> owners)
    {
        var moved = owners.Where(o => o.Value == victim).Select(o => o.Key).ToList();
        var lastBefore = moved.ToDictionary(r => r, r => victim.Segments(r).Select(s => s.End).DefaultIfEmpty().Max());
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        var survivors = _cluster.Nodes.Where(n => n != victim && n.IsRunning).ToList();
        var soap = MeasureSoapAsync(survivors[0]); // answers at once, or once the control singleton has moved off the victim
        var next = new Dictionary<string, ClusterNodeProcess>(owners);
        foreach (var recording in moved)
        {
            await Eventually(() => survivors.Any(n => n.Segments(recording).Any(s => s.Start > killedAt)), $"{recording} records again after node {victim.Number} was killed", TimeSpan.FromSeconds(90));
            var resumedOn = survivors.Where(n => n.Segments(recording).Any(s => s.Start > killedAt)).ToList();
            Assert.Single(resumedOn);
            var first = resumedOn[0].Segments(recording).First(s => s.Start > killedAt);
            var resumed = first.Start - killedAt;
            _output.WriteLine($"{recording}: node {victim.Number} killed at {killedAt:HH:mm:ss.fff}, last complete segment ended {lastBefore[recording]:HH:mm:ss.fff}, " +
                              $"new span on node {resumedOn[0].Number} from {first.Start:HH:mm:ss.fff}: resumed after {resumed.TotalSeconds:F1} s, footage gap {(first.Start - lastBefore[recording]).TotalSeconds:F1} s");
            Assert.True(resumed <= FailoverBound, $"{recording} resumed {resumed.TotalSeconds:F1} s after the kill (bound {FailoverBound.TotalSeconds} s)");
            Assert.EndsWith(".0.mp4", first.Key, StringComparison.Ordinal); // a new span: counter 0
            next[recording] = resumedOn[0];
        }

        // the other recordings were not moved: they keep recording on their node
        var settled = DateTimeOffset.UtcNow;
        foreach (var (recording, owner) in owners.Where(o => o.Value != victim))
        {
            await Eventually(() => owner.Segments(recording).Any(s => s.Start > settled), $"{recording} keeps recording on node {owner.Number}");
            Assert.All(survivors.Where(n => n != owner), n => Assert.DoesNotContain(n.Segments(recording), s => s.Start > killedAt));
        }

        _output.WriteLine($"GetRecordings through node {survivors[0].Number} answered {(await soap).TotalSeconds:F1} s after node {victim.Number} was killed");
        await AssertSameConfigurationOnEveryNodeAsync(survivors);
        await AssertFirstNewSegmentsDecodeAsync(moved, survivors, killedAt);
        return next;
    }

    /// <summary>
    /// No segment one node wrote for <paramref name="recording"/> overlaps one that another node wrote (two writers),
    /// and no object key repeats. (Within one node spans may overlap by a clock step: docs/architecture.md, "Step".)
    /// </summary>
    private static void AssertOneWriterAtATime(string recording, IReadOnlyList<ClusterNodeProcess> nodes)
    {
        var segments = nodes.SelectMany(n => n.Segments(recording).Select(s => (Node: n.Number, s.Start, s.End, s.Key))).ToList();
        foreach (var a in segments)
        {
            foreach (var b in segments.Where(b => b.Node != a.Node))
            {
                Assert.True(a.End <= b.Start || b.End <= a.Start, $"{recording}: {a.Key} (node {a.Node}) and {b.Key} (node {b.Node}) overlap: two writers");
            }
        }

        Assert.Equal(segments.Count, segments.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count());
    }

    private async Task AssertSameConfigurationOnEveryNodeAsync(IReadOnlyList<ClusterNodeProcess> nodes)
    {
        var seen = new List<string>();
        foreach (var node in nodes)
        {
            await using var trc = new OnvifSoapClient(node.ServiceUrl("recording_service"), OnvifSoapClient.Trc, _capture);
            seen.Add((await trc.CallAsync("GetRecordings")).ToString() + (await trc.CallAsync("GetRecordingJobs")).ToString());
        }

        Assert.All(seen, s => Assert.Equal(seen[0], s));
    }

    private async Task AssertFirstNewSegmentsDecodeAsync(IEnumerable<string> recordings, IReadOnlyList<ClusterNodeProcess> survivors, DateTimeOffset after)
    {
        using var client = _cluster.S3.CreateClient();
        using var downloads = new TempDirectory("nvr-cluster-judge");
        foreach (var recording in recordings)
        {
            var key = survivors.SelectMany(n => n.Segments(recording)).First(s => s.Start > after).Key;
            await _cluster.S3.WaitForKeysAsync(key, keys => keys.Contains(key), TimeSpan.FromMinutes(1));
            var file = await S3Server.DownloadAsync(client, key, downloads.Path);
            var (code, _, error) = await TestTools.RunUncheckedAsync("ffprobe", ["-v", "error", file], TimeSpan.FromMinutes(1));
            Assert.True(code == 0 && error.Length == 0, $"{key}: {error}");
        }
    }

    /// <summary>A bounded probe: re-checks <paramref name="condition"/> every 250 ms until it holds or the time is up.</summary>
    private static async Task Eventually(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting until {what}");
            }

            await Task.Delay(250);
        }
    }
}
