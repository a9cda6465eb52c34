using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Unit;

/// <summary>The pre-event ring's bounds, and audio held and cut with video (clip as in <see cref="EventGatingTests"/>).</summary>
[Collection(MediaCollection.Name)]
public sealed class EventGatingRingTests(MediaFixture media)
{
    private H264Clip Clip => H264Clip.Load(media.VideoOnlyAnnexB);

    private static DateTime At(double seconds) => ClipFeeder.Origin.AddSeconds(seconds);

    private static long FrameBytes(H264Clip clip, int n) => clip.Frames[n % clip.Frames.Count].NalUnits.Sum(u => (long)u.Length);

    [Fact]
    public async Task ByteCap_DropsTheOldestWholeGops_CountsThem_AndWhatIsLeftStartsAtAKeyFrame()
    {
        var clip = Clip;
        long twoGops = 0;
        for (int n = 0; n < 50; n++)
        {
            twoGops += FrameBytes(clip, n);
        }

        var feeder = new ClipFeeder(clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) }, options: new RecordingSessionOptions { PreEventMaxBytes = twoGops });
        feeder.Session.EnableEventGating(TimeSpan.FromMinutes(1)); // the time bound never applies: only the byte cap
        feeder.Session.ProcessRequestsSynchronously();
        feeder.Feed(250);

        var stats = feeder.Session.GetStatistics();
        Assert.Empty(feeder.Sink.Order);
        Assert.True(stats.PreEventGopsDropped >= 7, $"{stats.PreEventGopsDropped} GOPs dropped");
        Assert.True(stats.HeldBytes <= twoGops, $"{stats.HeldBytes} bytes held, cap {twoGops}");
        Assert.True(stats.HeldUnits > 0);
        Assert.Equal(246, stats.HeldUnits + stats.PreEventUnitsReleased + stats.UnitsDiscarded); // every unit accounted for

        feeder.Session.OpenEventWindow(At(0)); // older than anything held: from the oldest held key frame
        feeder.Session.CloseEventWindow(At(9.8));
        feeder.Feed(50);
        feeder.Stop();

        // what is left is the longest run of whole GOPs ending with the newest frame (245) that fits the cap
        int expectedStart = 245;
        long suffix = 0;
        for (int n = 245; n >= 0; n--)
        {
            suffix += FrameBytes(clip, n);
            if (suffix > twoGops)
            {
                break;
            }

            if (clip.Frames[n % clip.Frames.Count].IsKeyframe)
            {
                expectedStart = n;
            }
        }

        var span = Assert.Single(feeder.Spans);
        Assert.Equal(ClipFeeder.UtcOfFrame(expectedStart), span.StartUtc);
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "capped.mp4");
        await File.WriteAllBytesAsync(file, feeder.Sink.Objects[feeder.Segments[0].Key].Data);
        await MediaJudge.ProbeCleanAsync(file);
        Assert.Equal("I", (await MediaJudge.VideoPictureTypesAsync(file))[0]);
    }

    [Fact]
    public async Task Mp4_AudioIsHeldWithVideo_AndCutAtTheSameInstant()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) }, withAudio: true);
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(2));
        feeder.Feed(150);
        Assert.Equal(2, feeder.Statuses.Count(s => s.State == TrackRecordingState.Active)); // both tracks armed
        feeder.Session.OpenEventWindow(At(4));
        feeder.Session.CloseEventWindow(At(6.5));
        feeder.Feed(50);
        feeder.Stop();

        var span = Assert.Single(feeder.Spans);
        Assert.Equal((SpanCloseReason.EventEnded, At(4), At(7)), (span.Reason, span.StartUtc, span.EndUtc));
        var segment = Assert.Single(feeder.Segments);
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "av.mp4");
        await File.WriteAllBytesAsync(file, feeder.Sink.Objects[segment.Key].Data);
        Assert.Equal(["h264:75", "pcm_mulaw:150"], await MediaJudge.ProbeCleanAsync(file)); // 3 s of each: nothing before 4 s or after 7 s
    }

    [Fact]
    public void Cmaf_EverySpanStartsAndEndsAtTheSameInstants()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { Format = RecordingFormat.Cmaf, SegmentDuration = TimeSpan.FromSeconds(10) }, withAudio: true);
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(2));
        feeder.Feed(150);
        feeder.Session.OpenEventWindow(At(4));
        feeder.Session.CloseEventWindow(At(6.5));
        feeder.Feed(50);
        feeder.Stop();

        Assert.Equal(2, feeder.Spans.Count);
        Assert.All(feeder.Spans, s => Assert.Equal((SpanCloseReason.EventEnded, At(4), At(7)), (s.Reason, s.StartUtc, s.EndUtc)));
        Assert.Equal([Nvr.Storage.Keys.SpanKind.CmafVideo, Nvr.Storage.Keys.SpanKind.CmafAudio], feeder.Spans.Select(s => s.Kind));
    }

    [Fact]
    public void NewParameterSetsWhileHolding_ReleaseTheGopsThatNeedThePreviousMovieBox()
    {
        var clip = Clip;
        var feeder = new ClipFeeder(clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) });
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(5));
        feeder.Feed(60);
        feeder.Video.UpdateParameterSets(new Nvr.Pipeline.Media.ParameterSets(null, clip.Sps, [.. clip.Pps, 0x80]));
        feeder.Feed(40);
        Assert.Equal(75, feeder.Session.GetStatistics().PreEventUnitsReleased);
        feeder.Session.OpenEventWindow(At(0));
        feeder.Session.CloseEventWindow(At(4.5));
        feeder.Feed(50);
        feeder.Stop();

        // frames 0..74 were held under the old PPS: the window starts at the first key frame seen with the new one
        var span = Assert.Single(feeder.Spans);
        Assert.Equal((At(3), At(5)), (span.StartUtc, span.EndUtc));
    }

    [Fact]
    public void SourceFailureWhileHolding_ReleasesTheHeldUnits_AndTheNextWindowStartsAfterIt()
    {
        var feeder = new ClipFeeder(Clip, new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(10) });
        feeder.Session.EnableEventGating(TimeSpan.FromSeconds(5));
        feeder.Feed(100);
        int held = (int)feeder.Session.GetStatistics().HeldUnits;
        feeder.Session.ReportSourceFailure(0, new IOException("camera gone (test)"));
        feeder.Session.ProcessRequestsSynchronously();

        var stats = feeder.Session.GetStatistics();
        Assert.Equal((0L, (long)held + 4), (stats.HeldUnits, stats.PreEventUnitsReleased)); // + the 4 frames being reordered
        Assert.Contains(feeder.Statuses, s => s.State == TrackRecordingState.Error);

        feeder.Feed(50); // the source is back (same timeline in this test)
        feeder.Session.OpenEventWindow(At(0));
        feeder.Session.CloseEventWindow(At(5.5));
        feeder.Feed(50);
        feeder.Stop();

        var span = Assert.Single(feeder.Spans);
        Assert.Equal((At(4), At(6)), (span.StartUtc, span.EndUtc)); // the first key frame after the failure (at 3.96 s)
        Assert.Equal(TrackRecordingState.Active, feeder.Statuses.Last(s => s.State != TrackRecordingState.Idle).State);
    }
}
