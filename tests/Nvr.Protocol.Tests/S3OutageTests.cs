using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Keys;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Issue 7 "faults on the way": the object store goes away while a job records into it. Segments keep being written
/// into the local spool; when s3rver comes back on the same port and data directory, every segment the engine
/// produced is uploaded, in order, none lost, each playable, and the video of all of them is frame-exact.
/// </summary>
public sealed class S3OutageTests : IClassFixture<S3EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);
    private readonly S3EngineApplianceFixture _fixture;

    public S3OutageTests(S3EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Segments_recorded_while_S3_is_down_are_uploaded_in_order_when_it_returns()
    {
        const string prefix = "s3-outage";
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, prefix, "s3", "MP4", prefix, "PT2S", _fixture.RtspUrl("h264"));
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);
        SegmentRecordedEvent NextSegment() => segments.Next(s => s.RecordingToken == scenario.Recording, Patience);

        // Uploads work: the first segment reaches the bucket.
        var produced = new List<SegmentRecordedEvent> { NextSegment() };
        await _fixture.S3.WaitForKeysAsync(prefix + "/", keys => keys.Contains(produced[0].Key), Patience);

        // Outage: segments keep being completed while the server is down; they wait in the local spool. (A segment
        // completed just before the stop may have been uploaded already: it does not count as spooled.)
        await _fixture.S3.StopAsync();
        var spool = Path.Combine(_fixture.DataDirectory, "spool", "s3");
        var spooled = 0;
        while (spooled < 2)
        {
            var segment = NextSegment();
            Assert.True(segment.Stored, $"{segment.Key} was not stored in the spool");
            produced.Add(segment);
            spooled += File.Exists(Path.Combine(spool, segment.Key)) ? 1 : 0;
        }

        // The server returns on the same port and data directory; the job ends; every produced key is uploaded.
        await _fixture.S3.StartAsync();
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
        var span = spans.Next(s => s.RecordingToken == scenario.Recording, Patience);
        while (produced.Count < span.Segments)
        {
            produced.Add(NextSegment());
        }

        Assert.Equal(span.Segments, produced.Count);
        var expected = produced.Select(s => s.Key).Append(span.EndKey!).ToList();
        var keys = await _fixture.S3.WaitForKeysAsync(prefix + "/", keys => expected.All(keys.Contains), Patience);

        // None lost, nothing else: the bucket holds exactly the produced keys, counters 0..n-1 in production order.
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys);
        Assert.Equal(Enumerable.Range(0, produced.Count).Select(i => (long)i), produced.Select(s => ObjectKeyParser.Parse(s.Key).Counter));
        Assert.Equal(produced.Count, ObjectKeyParser.Parse(span.EndKey!).Counter);

        // In order: the spool uploads in completion order, so upload times never go backwards along the counters.
        using var client = _fixture.S3.CreateClient();
        var listed = (await _fixture.S3.ListAsync(client, prefix + "/")).ToDictionary(o => o.Key, o => o.LastModified);
        var uploadTimes = expected.Select(k => listed[k]).ToList();
        Assert.True(uploadTimes.Zip(uploadTimes.Skip(1)).All(p => p.Item1 <= p.Item2), "objects were uploaded out of order: " + string.Join(", ", uploadTimes));

        // Each object is playable; the video of all segments together is a run of consecutive source frames.
        using var work = new TempDirectory("nvr-protocol-tests");
        var frames = new List<string>();
        foreach (var segment in produced)
        {
            var file = await S3Server.DownloadAsync(client, segment.Key, work.Path);
            Assert.Equal(["aac", "h264"], await FrameJudge.ProbeCleanAsync(file));
            Assert.Equal(segment.Bytes, new FileInfo(file).Length);
            frames.AddRange(await FrameJudge.VideoFrameMd5Async(file));
        }

        FrameJudge.AssertConsecutiveFramesOf(await FrameJudge.VideoFrameMd5Async(RtspServerPeer.ClipFor("h264")), frames, "segments across the S3 outage");
        Assert.False(Directory.EnumerateFiles(spool, "*.mp4", SearchOption.AllDirectories).Any(), "uploaded segments are still in the spool");
    }
}
