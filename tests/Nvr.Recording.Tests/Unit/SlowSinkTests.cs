using System.Collections.Concurrent;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Recording.Tests.Support;
using Nvr.Storage.Keys;

namespace Nvr.Recording.Tests.Unit;

/// <summary>
/// The sink's calls run on the storage's writer thread, never on the thread that queues the media (an ingest's read
/// pacer serving many cameras): a held sink does not hold the ingest, segments come out complete and in order once it
/// goes on, and a backlog over its bound makes the ingest drop whole GOPs (counted) instead of blocking.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class SlowSinkTests(MediaFixture media)
{
    private const int Frames = 150; // 6 s at 25 frames/s, a key frame every second

    [Fact]
    public async Task HeldSink_DoesNotBlockTheQueuingThread_AndEverySegmentIsStoredInOrderAfterRelease()
    {
        var clip = H264Clip.Load(media.VideoOnlyAnnexB);
        var sink = new HeldSink();
        var (session, channel) = Start(clip, sink, new RecordingSessionOptions());
        var completed = new ConcurrentQueue<SegmentCompleted>();
        session.SegmentCompleted += completed.Enqueue;

        int feeder = -1;
        var feed = Task.Factory.StartNew(() =>
        {
            feeder = Environment.CurrentManagedThreadId;
            Feed(clip, channel); // the session's loop runs inline on this thread: it must never reach the held sink
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await feed.WaitAsync(TimeSpan.FromSeconds(30)); // returns while the sink is held (a blocked feeder times out here)
        await sink.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(sink.IsHeld);
        Assert.Empty(sink.Inner.Objects);
        Assert.Empty(completed);
        Assert.Equal(0, channel.DroppedGops);
        Assert.True(session.GetStatistics().SinkBacklogBytes > 0);

        sink.Release();
        await session.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(feeder, sink.CallingThreads);
        var segments = completed.ToArray();
        Assert.Equal(6, segments.Length); // 1 s segments cut at the key frames of seconds 1..5, the last one ended by the stop
        Assert.All(segments, s => Assert.True(s.Stored));
        Assert.Equal(ClipFeeder.Origin, segments[0].StartUtc);
        for (int i = 1; i < segments.Length; i++)
        {
            Assert.Equal(segments[i - 1].EndUtc, segments[i].StartUtc); // in order, no hole
        }

        Assert.Equal(ClipFeeder.UtcOfFrame(Frames), segments[^1].EndUtc);
        var stored = sink.Inner.Order.Where(k => k.EndsWith(".mp4", StringComparison.Ordinal)).ToList();
        Assert.Equal(segments.Select(s => s.Key), stored);
        Assert.All(segments, s => Assert.Equal(s.Bytes, sink.Inner.Objects[s.Key].Data.Length));
        Assert.EndsWith(".mp4_end", sink.Inner.Order[^1], StringComparison.Ordinal);
        Assert.Equal((long)Frames, session.GetStatistics().SamplesWritten);
        Assert.Equal(0, session.GetStatistics().SinkBacklogBytes);
    }

    [Fact]
    public async Task BacklogOverItsBound_TheIngestDropsWholeGops_WithoutBlocking_AndWhatIsStoredIsComplete()
    {
        var clip = H264Clip.Load(media.VideoOnlyAnnexB);
        var sink = new HeldSink();
        var options = new RecordingSessionOptions { SinkBacklogMaxBytes = 1, HandOffCapacity = 2 };
        var (session, channel) = Start(clip, sink, options, channelCapacity: 8);
        var completed = new ConcurrentQueue<SegmentCompleted>();
        session.SegmentCompleted += completed.Enqueue;

        var feed = Task.Factory.StartNew(() => Feed(clip, channel), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await feed.WaitAsync(TimeSpan.FromSeconds(30));
        await sink.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        var held = session.GetStatistics();
        Assert.True(held.SinkBacklogWaits > 0);
        Assert.True(channel.DroppedGops > 0);
        Assert.Equal(Frames, channel.WrittenUnits + channel.DroppedUnits); // every unit taken or dropped, counted
        Assert.True(held.UnitsReceived <= channel.WrittenUnits);
        Assert.True(channel.WrittenUnits < Frames);

        sink.Release();
        await session.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var segments = completed.ToArray();
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.True(s.Stored));
        var stored = sink.Inner.Order.Where(k => k.EndsWith(".mp4", StringComparison.Ordinal)).ToList();
        Assert.Equal(segments.Select(s => s.Key), stored);
        Assert.Equal(stored.Count, stored.Distinct().Count());
        var counters = stored.Select(k => ObjectKeyParser.Parse(k).Counter).ToList();
        Assert.Equal(counters.Order(), counters); // in order
        Assert.All(segments, s => Assert.Equal(s.Bytes, sink.Inner.Objects[s.Key].Data.Length)); // complete objects only
        Assert.Equal(0, session.GetStatistics().SinkBacklogBytes);
    }

    private static (RecordingSession Session, AccessUnitChannel Channel) Start(H264Clip clip, HeldSink sink, RecordingSessionOptions options, int channelCapacity = 512)
    {
        var channel = new AccessUnitChannel(channelCapacity) { HasVideo = true };
        var stream = SyntheticUnits.H264Stream(0, clip.Sps, clip.Pps);
        var session = new RecordingSession(
            new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(1) },
            [new RecordingTrack("VIDEO001", MediaKind.Video)],
            sink,
            [new RecordingSource(channel.Reader, [stream], new Dictionary<int, string> { [0] = "VIDEO001" }) { Channel = channel }],
            options: options with { FirstSenderReportWait = TimeSpan.Zero });
        session.Start();
        return (session, channel);
    }

    private static void Feed(H264Clip clip, AccessUnitChannel channel)
    {
        for (int i = 0; i < Frames; i++)
        {
            channel.OnAccessUnit(SyntheticUnits.Video(0, clip.Frames[i % clip.Frames.Count], i * 3600L, ClipFeeder.UtcOfFrame(i)));
        }
    }
}
