using Nvr.Control.Events;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Keys;
using Nvr.Storage.Spool;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// Issue 17, a hostile object store: a proxy in front of a real s3rver answers the uploads of a recording 500
/// InternalError, 503 SlowDown, resets the connection mid-upload, stalls, and accepts an object with 200 without storing
/// it. The spool keeps every segment, reports each failed attempt on the storage (/metrics), detects the lost object by
/// reading it back, and drains in order once the store behaves: the bucket then holds exactly the recorded segments,
/// byte for byte, each playable.
/// </summary>
public sealed class HostileS3Tests : IClassFixture<HostileS3Tests.ProxiedS3>
{
    private static readonly TimeSpan Patience = HostileApplianceFixture.Patience;
    private readonly ProxiedS3 _fixture;

    public HostileS3Tests(ProxiedS3 fixture) => _fixture = fixture;

    [Fact]
    public async Task Every_segment_reaches_the_bucket_through_errors_resets_stalls_and_a_store_that_loses_an_object()
    {
        const string prefix = "hostile-s3";
        S3Fault[] faults = [S3Fault.InternalError, S3Fault.SlowDown, S3Fault.ResetMidUpload, S3Fault.Stall, S3Fault.AcceptAndLose];
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        await using var camera = new HostileCamera();
        _fixture.Proxy.Inject(faults);
        var scenario = await _fixture.RecordAsync(prefix, camera.Uri, storage: "s3");

        // Every fault hits the oldest segment (uploads stay in order) and is reported on the storage, while segments
        // keep being spooled. A connection reset mid-body is resent at once by the HTTP client itself (within the same
        // attempt), so 5 faults are 4 or 5 failed attempts of the spool, never fewer.
        var produced = new List<SegmentRecordedEvent>();
        await _fixture.ScrapeUntilAsync(m => _fixture.Proxy.PendingFaults == 0 && HostileApplianceFixture.Metric(m, "nvr_uploaded_objects_total", ("storage", "s3")) >= 1,
            () => $"every fault applied and then an upload (faults applied: {string.Join(", ", _fixture.Proxy.Applied)}; requests: {string.Join(", ", _fixture.Proxy.Requests.Take(40))})");
        var during = await _fixture.ScrapeAsync();
        var failedAttempts = HostileApplianceFixture.Metric(during, "nvr_upload_errors_total", ("storage", "s3"));
        Assert.InRange(failedAttempts, faults.Length - 1, faults.Length);
        Assert.Equal(faults, _fixture.Proxy.Applied.Select(a => a.Fault));
        Assert.Single(_fixture.Proxy.Applied.Select(a => a.Key).Distinct());
        Assert.EndsWith(".0.mp4", _fixture.Proxy.Applied[0].Key, StringComparison.Ordinal);

        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
        var span = spans.Next(s => s.RecordingToken == scenario.Recording, Patience);
        while (produced.Count < span.Segments)
        {
            var segment = segments.Next(s => s.RecordingToken == scenario.Recording, Patience);
            Assert.True(segment.Stored, $"{segment.Key} was not stored in the spool");
            produced.Add(segment);
        }

        var expected = produced.Select(s => s.Key).Append(span.EndKey!).Order(StringComparer.Ordinal).ToList();
        var keys = await _fixture.S3.WaitForKeysAsync(prefix + "/", k => expected.All(k.Contains), Patience);
        Assert.Equal(expected, keys); // nothing lost, nothing extra
        Assert.Equal(Enumerable.Range(0, produced.Count).Select(i => (long)i), produced.Select(s => ObjectKeyParser.Parse(s.Key).Counter));

        using var client = _fixture.S3.CreateClient();
        using var work = new TempDirectory("nvr-hostile-s3");
        foreach (var segment in produced)
        {
            var file = await S3Server.DownloadAsync(client, segment.Key, work.Path);
            Assert.Equal(segment.Bytes, new FileInfo(file).Length);
            Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(file));
        }

        var drained = await _fixture.ScrapeUntilAsync(m => HostileApplianceFixture.Metric(m, "nvr_spool_queued_objects", ("storage", "s3")) == 0, "an empty spool");
        Assert.Equal(expected.Count, HostileApplianceFixture.Metric(drained, "nvr_uploaded_objects_total", ("storage", "s3")));
        Assert.Equal(failedAttempts, HostileApplianceFixture.Metric(drained, "nvr_upload_errors_total", ("storage", "s3"))); // no failure once healthy
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_fixture.DataDirectory, "spool", "s3"), "*.mp4*", SearchOption.AllDirectories));
    }

    /// <summary>The engine appliance with storage "s3" reached through the hostile proxy; retries fast, each attempt bounded to 3 s.</summary>
    public sealed class ProxiedS3 : HostileApplianceFixture
    {
        public S3Server S3 { get; } = new();

        public HostileS3Proxy Proxy { get; private set; } = null!;

        protected override string ValidationLabel => "hostile-s3";

        protected override IReadOnlyDictionary<string, string> Storages => new Dictionary<string, string>(base.Storages)
        {
            ["s3"] = $"s3://nvr-access:nvr-secret@127.0.0.1:{Proxy.Port}/{S3Server.Bucket}?region=us-east-1&tls=false",
        };

        protected override ApplianceOptions Configure(ApplianceOptions options) => base.Configure(options) with
        {
            Spool = new SpoolOptions { InitialBackoff = TimeSpan.FromMilliseconds(250), MaxBackoff = TimeSpan.FromSeconds(1), UploadTimeout = TimeSpan.FromSeconds(3) },
        };

        public override async Task InitializeAsync()
        {
            await S3.StartAsync();
            Proxy = await HostileS3Proxy.StartAsync(S3.Port);
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            try
            {
                await base.DisposeAsync();
            }
            finally
            {
                await Proxy.DisposeAsync();
                await S3.DisposeAsync();
            }
        }
    }
}
