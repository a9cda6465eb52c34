using System.Threading.Channels;
using Nvr.Pipeline.Media;
using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Unit;

/// <summary>The session's own loop: sources read through the bounded hand-off, failures reported.</summary>
[Collection(MediaCollection.Name)]
public sealed class SessionLoopTests(MediaFixture media)
{
    [Fact]
    public async Task SourceFailing_ClosesTheSpan_AndPutsItsTracksInError()
    {
        var clip = H264Clip.Load(media.VideoOnlyAnnexB);
        var sink = new MemorySink();
        var units = Channel.CreateUnbounded<AccessUnit>();
        var stream = SyntheticUnits.H264Stream(0, clip.Sps, clip.Pps);
        await using var session = new RecordingSession(
            new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(1) },
            [new RecordingTrack("VIDEO001", MediaKind.Video)],
            sink,
            [new RecordingSource(units.Reader, [stream], new Dictionary<int, string> { [0] = "VIDEO001" })],
            options: new RecordingSessionOptions { HandOffCapacity = 2 });
        var spanClosed = new TaskCompletionSource<SpanClosed>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource<TrackStatusChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.SpanClosed += s => spanClosed.TrySetResult(s);
        session.TrackStatusChanged += s =>
        {
            if (s.State == TrackRecordingState.Error)
            {
                failed.TrySetResult(s);
            }
        };
        session.Start();
        var origin = ClipFeeder.Origin;
        for (int i = 0; i < 60; i++)
        {
            units.Writer.TryWrite(SyntheticUnits.Video(0, clip.Frames[i], i * 3600L, origin.AddMilliseconds(40 * i)));
        }

        units.Writer.Complete(new IOException("camera gone"));

        var span = await spanClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(SpanCloseReason.SourceDiscontinuity, span.Reason);
        var error = await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("VIDEO001", error.Track);
        Assert.Equal($"{TrackErrorReasons.SourceFailed}: camera gone", error.Reason);
        Assert.Equal(60, session.GetStatistics().UnitsReceived);
        Assert.Contains(sink.Order, k => k.EndsWith(".mp4_end", StringComparison.Ordinal));
        Assert.Equal(ClipFeeder.UtcOfFrame(60), span.EndUtc); // every frame written, the last lasting one frame
    }

    [Fact]
    public async Task EventGating_PostedBeforeStart_AppliesBeforeTheFirstUnit_AndTheWindowClosesOnTheLoop()
    {
        var clip = H264Clip.Load(media.VideoOnlyAnnexB);
        var sink = new MemorySink();
        var units = Channel.CreateUnbounded<AccessUnit>();
        var stream = SyntheticUnits.H264Stream(0, clip.Sps, clip.Pps);
        await using var session = new RecordingSession(
            new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) },
            [new RecordingTrack("VIDEO001", MediaKind.Video)],
            sink,
            [new RecordingSource(units.Reader, [stream], new Dictionary<int, string> { [0] = "VIDEO001" })],
            options: new RecordingSessionOptions { HandOffCapacity = 2 });
        var spanClosed = new TaskCompletionSource<SpanClosed>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sourceEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.SpanClosed += s => spanClosed.TrySetResult(s);
        session.TrackStatusChanged += s =>
        {
            if (s.State == TrackRecordingState.Idle)
            {
                sourceEnded.TrySetResult();
            }
        };
        var origin = ClipFeeder.Origin;
        session.EnableEventGating(TimeSpan.FromSeconds(1)); // as RecordingRunner does: before Start
        session.OpenEventWindow(origin);
        session.CloseEventWindow(origin.AddSeconds(2.5));
        session.Start();
        for (int i = 0; i < 150; i++)
        {
            units.Writer.TryWrite(SyntheticUnits.Video(0, clip.Frames[i], i * 3600L, origin.AddMilliseconds(40 * i)));
        }

        units.Writer.Complete();

        var span = await spanClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal((SpanCloseReason.EventEnded, origin, ClipFeeder.UtcOfFrame(75)), (span.Reason, span.StartUtc, span.EndUtc));
        await sourceEnded.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the clean end released what was held after the window
        var stats = session.GetStatistics();
        Assert.Equal((150L, 75L, 0L), (stats.UnitsReceived, stats.SamplesWritten, stats.HeldUnits));
        Assert.Equal(75, stats.PreEventUnitsReleased);
    }
}
