using Akka.Actor;
using Nvr.Control.Engine;
using Nvr.Recording.Engine;
using Nvr.Control.Engine.Messages;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Storage.Configuration;
using Nvr.Storage.Index;
using Nvr.Storage.Keys;
using Nvr.Storage.Local;
using Nvr.Storage.Retention;
using Nvr.Storage.Sinks;

namespace Nvr.Control.Tests;

/// <summary>
/// Issue 7 item 6, seed 5.3.1: the engine's disk-space watermark. On its retention timer, while a local storage's file
/// system has less than MinimumFreeBytes available, the oldest segments of any recording are deleted first and each
/// deletion is reported to the control actor (which publishes DeleteTrackData). Free space is a fake that follows the
/// real bytes on disk; the segments are real files written by the local disk sink.
/// </summary>
public sealed class FreeSpaceWatermarkTests : Akka.TestKit.Xunit2.TestKit
{
    private const int SegmentBytes = 100_000;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _root = new("nvr-control-tests");

    private string Recordings => Path.Combine(_root.Path, "recordings");

    private string IndexPath => Path.Combine(_root.Path, "index.db");

    [Fact]
    public async Task Below_the_watermark_the_oldest_local_segments_of_any_recording_go_first_until_it_holds()
    {
        // Two recordings interleaved in time on one local storage, plus an older segment in an external (S3) storage.
        var sink = new LocalDiskSink(Recordings);
        var segments = new List<(string Recording, string Key, DateTimeOffset Start)>();
        using (var index = new RecordedRangeIndex(IndexPath))
        {
            index.Add(new RecordedSegment("REC0009", "VIDEO001", T0.AddMinutes(-10), T0.AddMinutes(-9), "s3", "old/external.0.mp4", SegmentBytes, IsExternal: true));
            for (var i = 0; i < 4; i++)
            {
                var recording = i % 2 == 0 ? "REC0001" : "REC0002";
                var start = T0.AddSeconds(3 * i);
                var key = await WriteSegmentAsync(sink, recording, start, i / 2);
                foreach (var track in new[] { "VIDEO001", "AUDIO001" })
                {
                    index.Add(new RecordedSegment(recording, track, start, start.AddSeconds(3), "local", key, SegmentBytes, IsExternal: false));
                }

                segments.Add((recording, key, start));
            }
        }

        // The file system "has" 1 MB; 250 kB must stay free: 4 segments use ~400 kB, so the two oldest must go.
        var probe = new BytesOnDiskProbe(Recordings, capacity: 1_000_000);
        var settings = new EngineSettings(new StorageCatalog([new LocalStorageConfiguration("local", Recordings)]), Path.Combine(_root.Path, "spool"))
        {
            IndexPath = IndexPath,
            RetentionInterval = TimeSpan.FromMilliseconds(200),
            MinimumFreeBytes = 750_000,
            FreeSpace = probe,
        };
        var control = CreateTestProbe();
        var engine = Sys.ActorOf(RecordingEngineActor.Props(settings));
        engine.Tell(new EnginePlanChanged([], new Dictionary<string, TimeSpan>(), Array.Empty<Receiver>(), []), control.Ref);

        var deleted = new List<RecordingDataDeleted>();
        for (var i = 0; i < 4; i++)
        {
            deleted.Add(control.ExpectMsg<RecordingDataDeleted>(TimeSpan.FromSeconds(30)));
        }

        // Oldest first across recordings: REC0001's first segment, then REC0002's first; both tracks of each.
        var expected = new[]
        {
            ("REC0001", "AUDIO001", segments[0].Start), ("REC0001", "VIDEO001", segments[0].Start),
            ("REC0002", "AUDIO001", segments[1].Start), ("REC0002", "VIDEO001", segments[1].Start),
        };
        Assert.Equal(expected, deleted.Select(d => (d.RecordingToken, d.TrackToken, d.StartTime)).Order());
        Assert.All(deleted, d => Assert.Equal(d.StartTime.AddSeconds(3), d.EndTime));

        // The watermark holds now: the two newer segments stay, the external object was never touched.
        Assert.True(probe.AvailableBytes(Recordings) >= settings.MinimumFreeBytes, $"free {probe.AvailableBytes(Recordings)} < watermark");
        Assert.False(File.Exists(sink.GetPath(segments[0].Key)), "the oldest segment is still on disk");
        Assert.False(File.Exists(sink.GetPath(segments[1].Key)), "the second oldest segment is still on disk");
        Assert.True(File.Exists(sink.GetPath(segments[2].Key)), "a newer segment was deleted");
        Assert.True(File.Exists(sink.GetPath(segments[3].Key)), "the newest segment was deleted");
        Stop(engine);
        using var after = new RecordedRangeIndex(IndexPath);
        Assert.Single(after.GetSegments("REC0009", "VIDEO001"));
        Assert.Equal([segments[2].Start], after.GetSegments("REC0001", "VIDEO001").Select(s => s.Start));
        Assert.Equal([segments[3].Start], after.GetSegments("REC0002", "VIDEO001").Select(s => s.Start));
    }

    [Fact]
    public async Task Above_the_watermark_nothing_is_deleted_and_zero_turns_it_off()
    {
        var sink = new LocalDiskSink(Recordings);
        var key = await WriteSegmentAsync(sink, "REC0001", T0, 0);
        using (var index = new RecordedRangeIndex(IndexPath))
        {
            index.Add(new RecordedSegment("REC0001", "VIDEO001", T0, T0.AddSeconds(3), "local", key, SegmentBytes, IsExternal: false));
        }

        var probe = new BytesOnDiskProbe(Recordings, capacity: 1_000_000);
        var settings = new EngineSettings(new StorageCatalog([new LocalStorageConfiguration("local", Recordings)]), Path.Combine(_root.Path, "spool"))
        {
            IndexPath = IndexPath,
            RetentionInterval = TimeSpan.FromHours(1),
            FreeSpace = probe,
        };

        // The ticks are sent by the test; the PoisonPill that stops the engine is handled after them, in order.
        foreach (var minimum in new[] { 0L, 850_000L })
        {
            var control = CreateTestProbe();
            var engine = Sys.ActorOf(RecordingEngineActor.Props(settings with { MinimumFreeBytes = minimum }));
            engine.Tell(new EnginePlanChanged([], new Dictionary<string, TimeSpan>(), Array.Empty<Receiver>(), []), control.Ref);
            engine.Tell(EnforceRetention.Instance);
            Stop(engine);
            Assert.True(File.Exists(sink.GetPath(key)), $"deleted with watermark {minimum} and ~900 kB free");
            control.ExpectNoMsg(TimeSpan.Zero);
        }

        // Moving the watermark above the free space deletes it.
        var deleting = CreateTestProbe();
        var strict = Sys.ActorOf(RecordingEngineActor.Props(settings with { MinimumFreeBytes = 950_000 }));
        strict.Tell(new EnginePlanChanged([], new Dictionary<string, TimeSpan>(), Array.Empty<Receiver>(), []), deleting.Ref);
        strict.Tell(EnforceRetention.Instance);
        Assert.Equal("VIDEO001", deleting.ExpectMsg<RecordingDataDeleted>(TimeSpan.FromSeconds(30)).TrackToken);
        Assert.False(File.Exists(sink.GetPath(key)));
        Stop(strict);
    }

    /// <summary>Stops an engine after the messages already sent to it and waits for its PostStop (which closes the index).</summary>
    private void Stop(IActorRef engine)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(engine);
        engine.Tell(PoisonPill.Instance);
        watcher.ExpectTerminated(engine, TimeSpan.FromSeconds(30));
    }

    private static async Task<string> WriteSegmentAsync(LocalDiskSink sink, string recording, DateTimeOffset start, long counter)
    {
        var key = ObjectKeyBuilder.Segment(recording, "watermark", start, counter, SpanKind.Mp4);
        var writer = await sink.OpenSegmentAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes()));
        await writer.WriteFragmentAsync([new byte[SegmentBytes]]);
        await writer.CompleteAsync(TimeSpan.FromSeconds(3));
        return key;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _root.Dispose();
    }

    /// <summary>A file system of <c>capacity</c> bytes whose only content is the files below the storage directory.</summary>
    private sealed class BytesOnDiskProbe(string directory, long capacity) : IFreeSpaceProbe
    {
        public long AvailableBytes(string probed)
        {
            Assert.Equal(Path.GetFullPath(directory), Path.GetFullPath(probed));
            var used = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            return capacity - used;
        }
    }
}
