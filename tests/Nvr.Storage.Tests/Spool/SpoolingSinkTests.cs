using Microsoft.Extensions.Time.Testing;
using Nvr.Storage.Sinks;
using Nvr.Storage.Spool;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.Spool;

public sealed class SpoolingSinkTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2022, 11, 8, 15, 0, 0, TimeSpan.Zero));
    private readonly ScriptedUploader _uploader = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<byte[]> WriteSegmentAsync(ISegmentSink sink, int counter, int fragmentSize, int fragments = 2)
    {
        var written = new List<ReadOnlyMemory<byte>[]>();
        await using var writer = await sink.OpenSegmentAsync(TestSegments.Metadata(counter));
        for (int i = 0; i < fragments; i++)
        {
            var fragment = TestSegments.Fragment((counter * 100) + i, fragmentSize);
            written.Add(fragment);
            await writer.WriteFragmentAsync(fragment);
        }

        await writer.CompleteAsync();
        return TestSegments.Concat(written);
    }

    private TaskCompletionSource<bool> UploadedCount(SpoolingSink sink, int count)
    {
        var done = Signals.Create<bool>();
        sink.ObjectUploaded += _ =>
        {
            if (_uploader.Uploaded.Count >= count)
            {
                done.TrySetResult(true);
            }
        };
        return done;
    }

    [Fact]
    public async Task Objects_are_uploaded_in_completion_order_and_removed_from_the_spool()
    {
        await using var sink = new SpoolingSink(_dir.Path, _uploader, new SpoolOptions(), _time);
        var all = UploadedCount(sink, 4);
        sink.Start();
        var expected = new List<byte[]>();
        for (int i = 0; i < 3; i++)
        {
            expected.Add(await WriteSegmentAsync(sink, i, 3000));
        }

        await sink.WriteEmptyObjectAsync(new SegmentMetadata("site-2/2022-11-08/camera-5/15/08-38.547Z.3.mp4_end", "video/mp4", new SegmentAttributes()));
        await all.Within("4 uploads");

        var uploaded = _uploader.Uploaded.ToArray();
        Assert.Equal(
            [TestSegments.Metadata(0).Key, TestSegments.Metadata(1).Key, TestSegments.Metadata(2).Key, "site-2/2022-11-08/camera-5/15/08-38.547Z.3.mp4_end"],
            uploaded.Select(u => u.Key));
        Assert.Equal(expected, uploaded.Take(3).Select(u => u.Bytes));
        Assert.Empty(uploaded[3].Bytes);
        Assert.Equal(0, sink.Statistics.SpooledBytes);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Failed_uploads_are_retried_with_exponential_backoff_on_the_injected_clock()
    {
        _uploader.Failing = true;
        var options = new SpoolOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(5) };
        await using var sink = new SpoolingSink(_dir.Path, _uploader, options, _time);
        var delays = new List<TimeSpan>();
        var failed = Signals.Create<TimeSpan>();
        sink.UploadFailed += (_, _, _, delay) => failed.TrySetResult(delay);
        var done = UploadedCount(sink, 1);
        sink.Start();
        await WriteSegmentAsync(sink, 0, 1000);

        for (int attempt = 0; attempt < 5; attempt++)
        {
            var delay = await failed.Within($"failure {attempt + 1}");
            delays.Add(delay);
            failed = Signals.Create<TimeSpan>();
            Assert.Empty(_uploader.Uploaded);
            _time.Advance(delay);
        }

        Assert.Equal([1, 2, 4, 5, 5], delays.Select(d => d.TotalSeconds));
        var retry = await failed.Within("failure 6");
        _uploader.Failing = false;
        _time.Advance(retry);
        await done.Within("upload after the outage");
        Assert.Equal(6, sink.Statistics.FailedAttempts);
        Assert.Equal(1, sink.Statistics.UploadedObjects);
    }

    [Fact]
    public async Task Beyond_capacity_the_oldest_objects_are_dropped_and_counted_and_the_rest_arrives_in_order()
    {
        _uploader.Failing = true;
        var options = new SpoolOptions { CapacityBytes = 25_000, InitialBackoff = TimeSpan.FromSeconds(1) };
        await using var sink = new SpoolingSink(_dir.Path, _uploader, options, _time);
        var dropped = new List<(string Key, long Bytes)>();
        sink.ObjectDropped += (key, bytes) => { lock (dropped) { dropped.Add((key, bytes)); } };
        var firstFailure = Signals.Create<TimeSpan>();
        sink.UploadFailed += (_, _, _, delay) => firstFailure.TrySetResult(delay);
        sink.Start();

        for (int i = 0; i < 6; i++)
        {
            await WriteSegmentAsync(sink, i, 5_000); // 10,000 bytes each
        }

        // 60,000 bytes written into 25,000: only the two newest segments fit, the four oldest were dropped.
        Assert.Equal(Enumerable.Range(0, 4).Select(i => TestSegments.Metadata(i).Key), dropped.Select(d => d.Key));
        Assert.All(dropped, d => Assert.Equal(10_000, d.Bytes));
        var stats = sink.Statistics;
        Assert.Equal(4, stats.DroppedObjects);
        Assert.Equal(40_000, stats.DroppedBytes);
        Assert.True(stats.SpooledBytes <= options.CapacityBytes);
        var onDisk = Directory.GetFiles(_dir.Path, "*.mp4", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(onDisk <= options.CapacityBytes, $"spool holds {onDisk} bytes on disk");

        var done = UploadedCount(sink, 2);
        var delay = await firstFailure.Within("the failed attempt");
        _uploader.Failing = false;
        _time.Advance(options.MaxBackoff);
        await done.Within("the two newest segments");
        Assert.Equal([TestSegments.Metadata(4).Key, TestSegments.Metadata(5).Key], _uploader.Uploaded.Select(u => u.Key));
        Assert.True(delay > TimeSpan.Zero);
    }

    [Fact]
    public async Task Objects_left_in_the_spool_by_a_previous_run_are_uploaded_after_restart_including_partial_ones()
    {
        _uploader.Failing = true;
        await using (var first = new SpoolingSink(_dir.Path, _uploader, new SpoolOptions(), _time))
        {
            await WriteSegmentAsync(first, 0, 2000);
            var partial = await first.OpenSegmentAsync(TestSegments.Metadata(1));
            await partial.WriteFragmentAsync(TestSegments.Fragment(7, 1500));
            await partial.DisposeAsync(); // the process died mid-segment
        }

        _uploader.Failing = false;
        await using var second = new SpoolingSink(_dir.Path, _uploader, new SpoolOptions(), _time);
        var done = UploadedCount(second, 2);
        second.Start();
        await done.Within("recovered uploads");
        Assert.Equal([TestSegments.Metadata(0).Key, TestSegments.Metadata(1).Key], _uploader.Uploaded.Select(u => u.Key));
        Assert.Equal(1500, _uploader.Uploaded.Last().Bytes.Length);
    }
}
