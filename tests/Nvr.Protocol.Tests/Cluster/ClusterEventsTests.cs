using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;
using Xunit.Abstractions;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;
using static Nvr.Protocol.Tests.Cluster.ClusterProbe;

namespace Nvr.Protocol.Tests.Cluster;

/// <summary>
/// Issue 18, events across nodes (docs/cluster.md, "Events"): three appliance processes in cluster mode; a PullPoint
/// subscription on every node sees the events of every node, each once: the configuration events and job states the
/// control singleton raises (node 1), and the recording history a recording's segments raise on whichever node
/// records it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterEventsTests : IAsyncLifetime
{
    private readonly ClusterHarness _cluster = new(3, nameof(ClusterEventsTests));
    private readonly EnvelopeCapture _capture = new();
    private readonly ITestOutputHelper _output;

    public ClusterEventsTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        await _cluster.StartAsync();
        // each node's relay learns the others' subscriptions by gossip: wait until every node hears every other one
        await Task.WhenAll(_cluster.Nodes.SelectMany(n => _cluster.Nodes.Where(o => o != n).Select(o =>
                n.WaitForLine(l => l.Contains($"cluster: event relay: the events of akka.tcp://nvr@{o.Seed} arrive here", StringComparison.Ordinal)))))
            .WaitAsync(TimeSpan.FromMinutes(1));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_pull_point_on_any_node_gets_every_nodes_events_once()
    {
        var filter = TopicFilter("tns1:RecordingConfig/CreateRecording|tns1:RecordingConfig/JobState|tns1:RecordingHistory/Track/State");
        var pullPoints = new List<(ClusterNodeProcess Node, OnvifSoapClient Client)>();
        foreach (var node in _cluster.Nodes)
        {
            await using var events = new OnvifSoapClient(node.ServiceUrl("event_service"), OnvifSoapClient.Tev, _capture);
            pullPoints.Add((node, new OnvifSoapClient(await CreatePullPointAsync(events, filter, "PT10M"), OnvifSoapClient.Tev, _capture)));
        }

        var recordings = new List<RecordingScenario>();
        var entry = _cluster.Nodes[1]; // not the singleton's node
        await using (var trc = new OnvifSoapClient(entry.ServiceUrl("recording_service"), OnvifSoapClient.Trc, _capture))
        await using (var trv = new OnvifSoapClient(entry.ServiceUrl("receiver_service"), OnvifSoapClient.Trv, _capture))
        {
            for (var i = 0; i < 3; i++)
            {
                recordings.Add(await RecordingScenario.CreateAsync(trc, trv, $"camera-{i}", "s3", "MP4", $"events-{i}", "PT2S", _cluster.Cameras.Url($"h264?cam={i}")));
            }
        }

        var owners = new Dictionary<string, ClusterNodeProcess>();
        foreach (var recording in recordings.Select(r => r.Recording))
        {
            await Eventually(() => _cluster.Nodes.Count(n => n.SegmentsWritten(recording) > 0) == 1, $"{recording} records on one node", diagnosis: () => _cluster.Diagnosis(recording));
            owners[recording] = _cluster.Nodes.Single(n => n.SegmentsWritten(recording) > 0);
            _output.WriteLine($"{recording} records on node {owners[recording].Number}");
        }

        Assert.Contains(owners.Values, o => o != _cluster.Nodes[0]); // a recording away from the singleton's node

        foreach (var (node, pullPoint) in pullPoints)
        {
            bool DataPresent(XElement m, string recording) => Topic(m).EndsWith("RecordingHistory/Track/State", StringComparison.Ordinal)
                && Source(m, "RecordingToken") == recording && Source(m, "Track") == "VIDEO001" && Data(m, "IsDataPresent") == "true";
            var messages = new List<XElement>();
            foreach (var recording in owners.Keys)
            {
                if (!messages.Any(m => DataPresent(m, recording)))
                {
                    messages.AddRange(await PullUntilAsync(pullPoint, m => DataPresent(m, recording), TimeSpan.FromMinutes(1)));
                }
            }

            messages.AddRange(await PullAsync(pullPoint, "PT2S")); // a bounded look for duplicates arriving late
            foreach (var scenario in recordings)
            {
                var where = $"node {node.Number}, {scenario.Recording} recorded on node {owners[scenario.Recording].Number}";
                Assert.True(messages.Count(m => Topic(m).EndsWith("RecordingConfig/CreateRecording", StringComparison.Ordinal) && Source(m, "RecordingToken") == scenario.Recording) == 1,
                    $"{where}: one CreateRecording (raised on node 1)");
                Assert.True(messages.Count(m => DataPresent(m, scenario.Recording)) == 1, $"{where}: one IsDataPresent of VIDEO001 (raised where it records)");
                Assert.True(messages.Any(m => Topic(m).EndsWith("RecordingConfig/JobState", StringComparison.Ordinal) && Source(m, "RecordingJobToken") == scenario.Job && Data(m, "State") == "Active"),
                    $"{where}: its job's state Active (raised on node 1)");
            }

            await pullPoint.DisposeAsync();
        }

        await OnvifValidator.AssertValidAsync(_capture, "cluster-events");
    }
}
