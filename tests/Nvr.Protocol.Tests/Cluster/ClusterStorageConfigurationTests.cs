using Amazon.S3.Model;
using Nvr.Protocol.Tests.Infrastructure;
using Xunit.Abstractions;
using static Nvr.Protocol.Tests.Cluster.ClusterProbe;

namespace Nvr.Protocol.Tests.Cluster;

/// <summary>
/// Issue 18, storage configurations in cluster mode (docs/cluster.md): a storage configuration created or changed
/// over SOAP through one node reaches the catalog of every node, so a recording hosted on any node writes through it;
/// GetStorageConfigurations reads the same through every node; the credentials are neither returned nor logged.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterStorageConfigurationTests : IAsyncLifetime
{
    private const string Secret = "nvr-secret"; // s3rver's secret access key (S3Server)
    private readonly ClusterHarness _cluster = new(3, nameof(ClusterStorageConfigurationTests));
    private readonly EnvelopeCapture _capture = new();
    private readonly ITestOutputHelper _output;

    public ClusterStorageConfigurationTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => _cluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_storage_created_or_changed_through_one_node_is_used_by_recordings_on_every_node()
    {
        string token;
        await using (var tds = new OnvifSoapClient(_cluster.Nodes[2].ServiceUrl("device_service"), OnvifSoapClient.Tds, _capture))
        {
            var endpoint = $"http://127.0.0.1:{_cluster.S3.Port}/{S3Server.Bucket}";
            token = (await tds.CallAsync("CreateStorageConfiguration", DeviceStorageTests.S3Data(endpoint, "nvr-access", Secret))).Text(Wire.Tds + "Token");
        }

        await AssertSameStorageConfigurationsAsync(token);
        var recordings = new List<string>();
        await using (var trc = new OnvifSoapClient(_cluster.Nodes[1].ServiceUrl("recording_service"), OnvifSoapClient.Trc, _capture))
        await using (var trv = new OnvifSoapClient(_cluster.Nodes[1].ServiceUrl("receiver_service"), OnvifSoapClient.Trv, _capture))
        {
            for (var i = 0; i < 3; i++)
            {
                recordings.Add((await RecordingScenario.CreateAsync(trc, trv, $"camera-{i}", token, "MP4", $"created-{i}", "PT2S", _cluster.Cameras.Url($"h264?cam={i}"))).Recording);
            }
        }

        // each recording writes through the created storage on the node that hosts it: its objects are in the bucket
        var owners = new Dictionary<string, ClusterNodeProcess>();
        for (var i = 0; i < recordings.Count; i++)
        {
            var recording = recordings[i];
            await Eventually(() => _cluster.Nodes.Count(n => n.SegmentsWritten(recording) > 0) == 1 && _cluster.Segments(recording).Count > 0, $"{recording} records on one node",
                diagnosis: () => _cluster.Diagnosis(recording));
            owners[recording] = _cluster.Nodes.Single(n => n.SegmentsWritten(recording) > 0);
            var key = _cluster.Segments(recording)[0].Key;
            Assert.StartsWith($"created-{i}/", key, StringComparison.Ordinal);
            await _cluster.S3.WaitForKeysAsync($"created-{i}/", keys => keys.Contains(key), TimeSpan.FromMinutes(1));
            _output.WriteLine($"{recording} records on node {owners[recording].Number} into {token}");
        }

        Assert.Contains(owners.Values, o => o != _cluster.Nodes[0]); // a recording away from the singleton's node (node 1)

        // changed through node 2 (credentials kept): another bucket; every node's recordings write there from then on
        const string moved = "nvr-moved";
        using var s3 = _cluster.S3.CreateClient();
        await s3.PutBucketAsync(moved);
        await using (var tds = new OnvifSoapClient(_cluster.Nodes[1].ServiceUrl("device_service"), OnvifSoapClient.Tds, _capture))
        {
            await tds.CallAsync("SetStorageConfiguration",
                $"<tds:StorageConfiguration token=\"{token}\"><tds:Data type=\"ObjectStorageS3\" Region=\"us-east-1\">" +
                $"<tds:StorageUri>http://127.0.0.1:{_cluster.S3.Port}/{moved}</tds:StorageUri></tds:Data></tds:StorageConfiguration>");
        }

        await AssertSameStorageConfigurationsAsync(token, moved);
        for (var i = 0; i < recordings.Count; i++)
        {
            var prefix = $"created-{i}/";
            await EventuallyAsync(async () => (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = moved, Prefix = prefix })).S3Objects is { Count: > 0 },
                $"{recordings[i]} (node {owners[recordings[i]].Number}) writes into bucket {moved}");
        }

        Assert.All(_capture.Texts, text => Assert.DoesNotContain(Secret, text, StringComparison.Ordinal));
        Assert.All(_cluster.Nodes, n => Assert.DoesNotContain(Secret, n.FullLog, StringComparison.Ordinal));
        await OnvifValidator.AssertValidAsync(_capture, "cluster-storage-configurations");
    }

    /// <summary>GetStorageConfigurations is the same through every node and lists <paramref name="token"/> (optionally at <paramref name="bucket"/>).</summary>
    private async Task AssertSameStorageConfigurationsAsync(string token, string? bucket = null)
    {
        var seen = new List<string>();
        foreach (var node in _cluster.Nodes)
        {
            await using var tds = new OnvifSoapClient(node.ServiceUrl("device_service"), OnvifSoapClient.Tds, _capture);
            var listed = await tds.CallAsync("GetStorageConfigurations");
            var mine = listed.Elements(Wire.Tds + "StorageConfigurations").Single(s => s.Attribute("token")?.Value == token);
            if (bucket is not null)
            {
                Assert.EndsWith("/" + bucket, mine.Descendants(Wire.Tds + "StorageUri").Single().Value, StringComparison.Ordinal);
            }

            seen.Add(listed.ToString());
        }

        Assert.All(seen, s => Assert.Equal(seen[0], s));
    }

}
