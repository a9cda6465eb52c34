using System.Collections.Concurrent;
using Amazon.S3.Model;
using Nvr.Storage.S3;
using Nvr.Storage.Sinks;
using Nvr.Storage.Spool;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.S3;

/// <summary>The spool against a real s3rver that is stopped and restarted.</summary>
public sealed class S3OutageTests : IAsyncLifetime
{
    private static readonly SpoolOptions FastRetry = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
    };

    private readonly TempDirectory _spool = new();
    private S3Server _server = null!;

    public async Task InitializeAsync() => _server = await S3Server.StartNewAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _spool.Dispose();
    }

    private static async Task<byte[]> WriteSegmentAsync(ISegmentSink sink, int counter)
    {
        var fragments = Enumerable.Range(0, 3).Select(i => TestSegments.Fragment((counter * 10) + i, 20_000)).ToList();
        await using var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(counter));
        foreach (var fragment in fragments)
        {
            await writer.WriteFragmentAsync(fragment);
        }

        await writer.CompleteAsync();
        return TestSegments.Concat(fragments);
    }

    private async Task<List<string>> ListKeysAsync()
    {
        using var client = _server.CreateClient();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Server.Bucket });
        return (listed.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<byte[]> ReadAsync(string key)
    {
        using var client = _server.CreateClient();
        using var response = await client.GetObjectAsync(S3Server.Bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task Outage_within_capacity_loses_nothing_and_everything_arrives_in_order()
    {
        using var client = _server.CreateClient();
        await using var sink = new SpoolingSink(_spool.Path, new S3ObjectUploader(client, S3Server.Bucket), FastRetry);
        var order = new ConcurrentQueue<string>();
        var firstUploaded = Signals.Create<bool>();
        var failedDuringOutage = Signals.Create<bool>();
        var allUploaded = Signals.Create<bool>();
        sink.ObjectUploaded += key =>
        {
            order.Enqueue(key);
            firstUploaded.TrySetResult(true);
            if (order.Count == 7)
            {
                allUploaded.TrySetResult(true);
            }
        };
        sink.UploadFailed += (_, _, _, _) => failedDuringOutage.TrySetResult(true);
        sink.Start();

        var expected = new Dictionary<string, byte[]> { [TestSegments.Metadata(0).Key] = await WriteSegmentAsync(sink, 0) };
        await firstUploaded.Within("the upload before the outage");

        await _server.StopAsync();
        for (int i = 1; i < 6; i++)
        {
            expected[TestSegments.Metadata(i).Key] = await WriteSegmentAsync(sink, i);
        }

        const string spanEnd = "site-2/2022-11-08/camera-5/15/08-53.547Z.6.mp4_end";
        await sink.WriteEmptyObjectAsync(new SegmentMetadata(spanEnd, "video/mp4", new SegmentAttributes()));
        expected[spanEnd] = [];
        await failedDuringOutage.Within("a failed upload while s3rver is down");
        Assert.Single(order);

        await _server.StartAsync();
        await allUploaded.Within("all uploads after s3rver is back");

        Assert.Equal(expected.Keys, order); // completion order, span end last
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), await ListKeysAsync());
        foreach (var (key, bytes) in expected)
        {
            Assert.Equal(bytes, await ReadAsync(key));
        }

        var stats = sink.Statistics;
        Assert.Equal(0, stats.DroppedObjects);
        Assert.True(stats.FailedAttempts > 0);
        Assert.Equal(0, stats.SpooledBytes);
    }

    [Fact]
    public async Task Outage_beyond_capacity_drops_the_oldest_counted_and_uploads_the_rest()
    {
        using var client = _server.CreateClient();
        var options = FastRetry with { CapacityBytes = 200_000 }; // room for three 60,000-byte segments
        await using var sink = new SpoolingSink(_spool.Path, new S3ObjectUploader(client, S3Server.Bucket), options);
        var dropped = new ConcurrentQueue<string>();
        sink.ObjectDropped += (key, _) => dropped.Enqueue(key);
        var order = new ConcurrentQueue<string>();
        var threeUploaded = Signals.Create<bool>();
        sink.ObjectUploaded += key =>
        {
            order.Enqueue(key);
            if (order.Count == 3)
            {
                threeUploaded.TrySetResult(true);
            }
        };
        var failed = Signals.Create<bool>();
        sink.UploadFailed += (_, _, _, _) => failed.TrySetResult(true);
        await _server.StopAsync();
        sink.Start();

        for (int i = 0; i < 8; i++)
        {
            await WriteSegmentAsync(sink, i);
        }

        await failed.Within("a failed upload while s3rver is down");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => TestSegments.Metadata(i).Key), dropped);
        Assert.Equal(5, sink.Statistics.DroppedObjects);
        Assert.Equal(300_000, sink.Statistics.DroppedBytes);

        await _server.StartAsync();
        await threeUploaded.Within("the three newest segments");
        var newest = Enumerable.Range(5, 3).Select(i => TestSegments.Metadata(i).Key).ToList();
        Assert.Equal(newest, order);
        Assert.Equal(newest, await ListKeysAsync());
    }
}
