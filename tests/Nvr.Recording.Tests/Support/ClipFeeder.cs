using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.Media;
using Nvr.Storage.Keys;

namespace Nvr.Recording.Tests.Support;

/// <summary>
/// Drives a session synchronously (its loop not started) with the video-only clip at 25 frames/s, keeping a fake
/// clock at the UTC of the frame being fed, and records the session's events.
/// </summary>
public sealed class ClipFeeder
{
    public static readonly DateTime Origin = new(2022, 11, 8, 15, 8, 23, 547, DateTimeKind.Utc);

    private readonly H264Clip _clip;
    private int _next;

    /// <param name="storage">The sink the session writes to instead of <see cref="Sink"/> (a real storage), or null.</param>
    public ClipFeeder(H264Clip clip, RecordingTarget target, MemorySink? sink = null, bool withAudio = false, RecordingSessionOptions? options = null, Nvr.Storage.Sinks.ISegmentSink? storage = null)
    {
        _clip = clip;
        Sink = sink ?? new MemorySink();
        Time = new FakeTimeProvider(new DateTimeOffset(Origin));
        Video = SyntheticUnits.H264Stream(0, clip.Sps, clip.Pps);
        var streams = new List<StreamDescription> { Video };
        var tracks = new List<RecordingTrack> { new("VIDEO001", MediaKind.Video) };
        var routes = new Dictionary<int, string> { [0] = "VIDEO001" };
        if (withAudio)
        {
            streams.Add(SyntheticUnits.PcmuStream(1));
            tracks.Add(new RecordingTrack("AUDIO001", MediaKind.Audio));
            routes[1] = "AUDIO001";
        }

        var units = System.Threading.Channels.Channel.CreateUnbounded<AccessUnit>();
        Session = new RecordingSession(target, tracks, storage ?? Sink, [new RecordingSource(units.Reader, streams, routes)], Time, options);
        Session.SegmentCompleted += s => Segments.Add(s);
        Session.SpanClosed += s => Spans.Add(s);
        Session.TrackStatusChanged += s => Statuses.Add(s);
        WithAudio = withAudio;
    }

    public RecordingSession Session { get; }

    public MemorySink Sink { get; }

    public FakeTimeProvider Time { get; }

    public StreamDescription Video { get; }

    public bool WithAudio { get; }

    public List<SegmentCompleted> Segments { get; } = [];

    /// <summary>Offset added to the arrival UTC of audio frame k (network jitter, an RTCP-less camera clock).</summary>
    public Func<int, TimeSpan>? AudioJitter { get; init; }

    /// <summary>
    /// The source's clock: UTC and its origin for frame n whose true time is the given UTC (audio of frame n too).
    /// Default: the true time, timed by a sender report.
    /// </summary>
    public Func<int, DateTime, (DateTime Utc, TimeSource Source)>? SourceClock { get; init; }

    public List<SpanClosed> Spans { get; } = [];

    public List<TrackStatusChanged> Statuses { get; } = [];

    /// <summary>Frames fed so far (frame n has PTS n·3600 and UTC Origin + n·40 ms).</summary>
    public int FramesFed => _next;

    public static DateTime UtcOfFrame(int n) => Origin.AddMilliseconds(40.0 * n);

    /// <summary>Feeds the next <paramref name="count"/> frames (and 40 ms of G.711 per frame when audio is on).</summary>
    public void Feed(int count, MediaCodec codec = MediaCodec.H264)
    {
        Span<byte> audio = stackalloc byte[160];
        audio.Fill(0xff);
        for (int i = 0; i < count; i++, _next++)
        {
            var utc = UtcOfFrame(_next);
            Time.SetUtcNow(new DateTimeOffset(utc));
            var frame = _clip.Frames[_next % _clip.Frames.Count];
            var (videoUtc, source) = SourceClock?.Invoke(_next, utc) ?? (utc, TimeSource.SenderReport);
            Session.ProcessUnitSynchronously(SyntheticUnits.Video(0, frame, 90000L * 10 + (_next * 3600L), videoUtc, codec, source), 0);
            if (WithAudio)
            {
                for (int a = 0; a < 2; a++)
                {
                    var jitter = AudioJitter?.Invoke((_next * 2) + a) ?? TimeSpan.Zero;
                    var (audioUtc, audioSource) = SourceClock?.Invoke(_next, utc.AddMilliseconds(20 * a)) ?? (utc.AddMilliseconds(20 * a), TimeSource.SenderReport);
                    Session.ProcessUnitSynchronously(SyntheticUnits.Audio(1, audio, (_next * 320L) + (a * 160), 8000, audioUtc + jitter, MediaCodec.Pcmu, audioSource), 0);
                }
            }

            Session.ProcessRequestsSynchronously();
        }
    }

    /// <summary>Stops on the test's thread: spans closed, their objects written and every event raised when it returns.</summary>
    public void Stop() => Session.StopSynchronously();

    public IReadOnlyList<ObjectKey> Keys() => Sink.Order.Select(ObjectKeyParser.Parse).ToList();
}
