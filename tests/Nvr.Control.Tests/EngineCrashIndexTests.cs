using Nvr.Control.Engine;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Recording.Engine;
using Nvr.Storage.Configuration;
using Nvr.Storage.Index;
using Nvr.Storage.Keys;
using Nvr.Storage.Local;
using Nvr.Storage.Sinks;

namespace Nvr.Control.Tests;

/// <summary>
/// Issue 17: what a crash left of a recording nothing records any more goes into the recorded-range index when the
/// engine starts. Here a segment was stored (with its Duration) but its index write was lost: the engine is told the
/// recording without a plan and indexes it on the tracks of the recording's latest indexed segment.
/// </summary>
public sealed class EngineCrashIndexTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset T0 = TruncatedToSeconds(DateTimeOffset.UtcNow.AddMinutes(-10));
    private readonly TempDirectory _root = new("nvr-control-tests");

    private string Recordings => Path.Combine(_root.Path, "recordings");

    private string IndexPath => Path.Combine(_root.Path, "index.db");

    [Fact]
    public async Task A_stored_but_unindexed_segment_of_a_recording_without_a_plan_is_indexed_at_the_engine_start()
    {
        var sink = new LocalDiskSink(Recordings);
        var indexed = await WriteSegmentAsync(sink, T0, 0);
        var lost = await WriteSegmentAsync(sink, T0.AddSeconds(3), 1);
        using (var before = new RecordedRangeIndex(IndexPath))
        {
            foreach (var track in new[] { "VIDEO001", "AUDIO001" })
            {
                before.Add(new RecordedSegment("REC0001", track, T0, T0.AddSeconds(3), "local", indexed, 100, IsExternal: false));
            }
        }

        var settings = new EngineSettings(new StorageCatalog([new LocalStorageConfiguration("local", Recordings)]), Path.Combine(_root.Path, "spool"))
        {
            IndexPath = IndexPath,
            RetentionInterval = TimeSpan.FromHours(1),
        };
        var target = new RecordingTarget("local", "MP4", "REC0001", "crash", null, TimeSpan.FromSeconds(3), []);
        var tracks = new[] { new Track("VIDEO001", new TrackConfiguration(TrackType.Video, "v")), new Track("AUDIO001", new TrackConfiguration(TrackType.Audio, "a")) };
        var unplanned = new UnplannedRecording("REC0001", target, tracks);
        var engine = Sys.ActorOf(RecordingEngineActor.Props(settings));
        var control = CreateTestProbe();
        engine.Tell(new EnginePlanChanged([], new Dictionary<string, TimeSpan>(), [], [unplanned]), control.Ref);

        // the index worker writes in the background: read again until it did (or the deadline)
        AwaitAssert(() =>
        {
            using var after = new RecordedRangeIndex(IndexPath);
            Assert.Equal(2, after.GetObjectRanges("local", lost).Count);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        engine.Tell(Nvr.Control.Engine.Messages.StopRecordings.Instance, control.Ref);
        control.FishForMessage<Nvr.Control.Engine.Messages.RecordingsStopped>(_ => true, TimeSpan.FromSeconds(60));

        using var index = new RecordedRangeIndex(IndexPath);
        var rows = index.GetObjectRanges("local", lost);
        Assert.Equal(["AUDIO001", "VIDEO001"], rows.Select(r => r.Track).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal((T0.AddSeconds(3), T0.AddSeconds(6), "REC0001"), (r.Start, r.End, r.Recording)));
        Assert.Equal([T0, T0.AddSeconds(3)], index.GetSegments("REC0001", "VIDEO001").Select(s => s.Start));
    }

    private static DateTimeOffset TruncatedToSeconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static async Task<string> WriteSegmentAsync(LocalDiskSink sink, DateTimeOffset start, long counter)
    {
        var key = ObjectKeyBuilder.Segment("REC0001", "crash", start, counter, SpanKind.Mp4);
        var writer = await sink.OpenSegmentAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes { Duration = TimeSpan.FromSeconds(3) }));
        await writer.WriteFragmentAsync([new byte[100]]);
        await writer.CompleteAsync(TimeSpan.FromSeconds(3));
        return key;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _root.Dispose();
    }
}
