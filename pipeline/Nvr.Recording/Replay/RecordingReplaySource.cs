using Nvr.Pipeline.RtspServer;

namespace Nvr.Recording.Replay;

/// <summary>One recording as the RTSP server replays it: its tracks' streams, its recorded range and cursors over its segments.</summary>
public sealed class RecordingReplaySource : IRtspMediaSource
{
    private readonly IReadOnlyList<ReplayTrack> _tracks;
    private readonly ISegmentObjectReader _reader;

    public RecordingReplaySource(string recordingToken, IReadOnlyList<ReplayTrack> tracks, ISegmentObjectReader reader)
    {
        RecordingToken = recordingToken;
        _tracks = tracks;
        _reader = reader;
        Streams = tracks.Select(t => t.Stream).ToList();
        RecordedRange = (tracks.Min(t => t.Segments[0].Start.UtcDateTime), tracks.Max(t => t.Segments[^1].End.UtcDateTime));
    }

    public string RecordingToken { get; }

    public IReadOnlyList<ServedStream> Streams { get; }

    public (DateTime Start, DateTime End)? RecordedRange { get; }

    public IReplayCursor Open(DateTime? startUtc, CancellationToken cancellationToken)
    {
        var files = new SegmentFileCache(_reader, RecordingToken);
        var cursors = _tracks.Select((t, i) => new TrackReplayCursor(i, t, files)).ToArray();
        return new RecordingReplayCursor(cursors, startUtc);
    }
}
