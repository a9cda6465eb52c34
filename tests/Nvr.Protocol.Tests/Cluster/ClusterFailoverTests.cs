using Nvr.Protocol.Tests.Infrastructure;
using Xunit.Abstractions;
using static Nvr.Protocol.Tests.Cluster.ClusterProbe;

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

    private readonly ClusterHarness _cluster = new(3, nameof(ClusterFailoverTests));
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
            await Eventually(() => _cluster.Nodes.Count(n => n.SegmentsWritten(recording.Recording) >= 2) == 1, $"{recording.Recording} records on one node", diagnosis: () => _cluster.Diagnosis(recording.Recording));
            owners[recording.Recording] = _cluster.Nodes.Single(n => n.SegmentsWritten(recording.Recording) > 0);
        }

        foreach (var (recording, owner) in owners)
        {
            _output.WriteLine($"{recording} records on node {owner.Number}");
        }

        await AssertSameConfigurationOnEveryNodeAsync(_cluster.Nodes);
        await AssertEveryNodeSearchesEveryRecordingAsync(_cluster.Nodes, recordings.Select(r => r.Recording));
        var victim = _cluster.Nodes.Skip(1).OrderByDescending(n => owners.Values.Count(o => o == n)).First();
        Assert.True(owners.Values.Contains(victim), "no recording was placed on a node other than the oldest: " + string.Join(", ", owners.Select(o => $"{o.Key}@{o.Value.Number}")));
        owners = await KillAndAwaitFailoverAsync(victim, owners);
        foreach (var recording in recordings.Select(r => r.Recording))
        {
            AssertOneWriterAtATime(recording);
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
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();
        var lastBefore = moved.ToDictionary(r => r, r => _cluster.Segments(r).Select(s => s.End).DefaultIfEmpty().Max()); // the victim's: one owner so far
        var survivors = _cluster.Nodes.Where(n => n != victim && n.IsRunning).ToList();
        var writtenAtKill = owners.Keys.ToDictionary(r => r, r => survivors.ToDictionary(n => n, n => n.SegmentsWritten(r)));
        var soap = MeasureSoapAsync(survivors[0]); // answers at once, or once the control singleton has moved off the victim
        var next = new Dictionary<string, ClusterNodeProcess>(owners);
        foreach (var recording in moved)
        {
            await Eventually(() => _cluster.Segments(recording).Any(s => s.Start > killedAt), $"{recording} records again after node {victim.Number} was killed", TimeSpan.FromSeconds(90));
            var resumedOn = survivors.Where(n => n.SegmentsWritten(recording) > writtenAtKill[recording][n]).ToList();
            Assert.Single(resumedOn);
            var first = _cluster.Segments(recording).First(s => s.Start > killedAt);
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
            var writtenAtSettled = owner.SegmentsWritten(recording);
            await Eventually(() => owner.SegmentsWritten(recording) > writtenAtSettled && _cluster.Segments(recording).Any(s => s.Start > settled), $"{recording} keeps recording on node {owner.Number}");
            Assert.All(survivors.Where(n => n != owner), n => Assert.Equal(writtenAtKill[recording][n], n.SegmentsWritten(recording)));
        }

        _output.WriteLine($"GetRecordings through node {survivors[0].Number} answered {(await soap).TotalSeconds:F1} s after node {victim.Number} was killed");
        await AssertSameConfigurationOnEveryNodeAsync(survivors);
        await AssertFirstNewSegmentsDecodeAsync(moved, survivors, killedAt);
        return next;
    }

    /// <summary>
    /// No segment of one span of <paramref name="recording"/> overlaps a segment of another span (two writers at once),
    /// and no object key repeats. The index is shared, so it no longer tells which node wrote a row; a span is one
    /// runner's run on one node (keys counted from 0: <c>….0.mp4</c>, <c>….1.mp4</c>, …), and segments inside one
    /// span may overlap by a sample's duration, as they might within one node before.
    /// </summary>
    private void AssertOneWriterAtATime(string recording)
    {
        var segments = _cluster.Segments(recording);
        var spans = new List<List<(DateTimeOffset Start, DateTimeOffset End, string Key)>>();
        foreach (var segment in segments)
        {
            var counter = SpanCounter(segment.Key);
            var span = counter == 0 ? null : spans.LastOrDefault(p => SpanCounter(p[^1].Key) == counter - 1);
            if (span is null)
            {
                spans.Add([segment]);
            }
            else
            {
                span.Add(segment);
            }
        }

        foreach (var a in spans)
        {
            foreach (var b in spans.Where(b => b != a))
            {
                foreach (var x in a)
                {
                    Assert.All(b, y => Assert.True(x.End <= y.Start || y.End <= x.Start, $"{recording}: {x.Key} and {y.Key} (another span) overlap: two writers"));
                }
            }
        }

        Assert.Equal(segments.Count, segments.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// Search through every node sees every recording's data, whichever node records it (the shared index, issue 18
    /// item 3): GetRecordingInformation's video DataFrom is the first segment of the shared index.
    /// </summary>
    private async Task AssertEveryNodeSearchesEveryRecordingAsync(IReadOnlyList<ClusterNodeProcess> nodes, IEnumerable<string> recordings)
    {
        System.Xml.Linq.XNamespace tse = OnvifSoapClient.Tse, tt = OnvifSoapClient.Tt;
        foreach (var node in nodes)
        {
            await using var search = new OnvifSoapClient(node.ServiceUrl("search_service"), OnvifSoapClient.Tse, _capture);
            foreach (var recording in recordings)
            {
                var information = (await search.CallAsync("GetRecordingInformation", $"<RecordingToken>{recording}</RecordingToken>")).Element(tse + "RecordingInformation")!;
                var video = information.Elements(tt + "Track").Single(t => t.Text(tt + "TrackToken") == "VIDEO001");
                var from = System.Xml.XmlConvert.ToDateTime(video.Text(tt + "DataFrom"), System.Xml.XmlDateTimeSerializationMode.Utc);
                Assert.Equal(_cluster.Segments(recording)[0].Start.UtcDateTime, from);
            }
        }
    }

    /// <summary>The segment counter of a key (<c>…/13/50-56.683Z.4.mp4</c> → 4).</summary>
    private static long SpanCounter(string key)
    {
        var name = key[(key.LastIndexOf('Z') + 2)..];
        return long.Parse(name[..name.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
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
            var key = _cluster.Segments(recording).First(s => s.Start > after).Key;
            await _cluster.S3.WaitForKeysAsync(key, keys => keys.Contains(key), TimeSpan.FromMinutes(1));
            var file = await S3Server.DownloadAsync(client, key, downloads.Path);
            var (code, _, error) = await TestTools.RunUncheckedAsync("ffprobe", ["-v", "error", file], TimeSpan.FromMinutes(1));
            Assert.True(code == 0 && error.Length == 0, $"{key}: {error}");
        }
    }
}
