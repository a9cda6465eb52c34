using Nvr.Codecs.Fmp4;
using Nvr.Codecs.Mp4;
using Nvr.Pipeline.RtspServer;
using Nvr.Storage.Index;

namespace Nvr.Recording.Replay;

/// <summary>
/// The recordings the RTSP server replays: <c>/replay/&lt;RecordingToken&gt;</c> is a recording with indexed data; its
/// streams are its tracks (from the sample descriptions of their first segment), with their track tokens. Segments
/// come through the <see cref="ISegmentObjectReader"/> (local or S3, decrypted), so encrypted tracks are described
/// by their original format and replayed clear; a track whose first segment cannot be read or decrypted is left out.
/// </summary>
public sealed class RecordingReplayCatalog : IRtspMediaCatalog
{
    public const string PathPrefix = "/replay/";

    private readonly RecordedRangeIndex _index;
    private readonly ISegmentObjectReader _reader;

    public RecordingReplayCatalog(RecordedRangeIndex index, ISegmentObjectReader reader)
    {
        _index = index;
        _reader = reader;
    }

    /// <summary>The path of a recording's replay URI.</summary>
    public static string PathOf(string recordingToken) => PathPrefix + Uri.EscapeDataString(recordingToken);

    public async ValueTask<IRtspMediaSource?> FindAsync(string path, CancellationToken cancellationToken)
    {
        if (!path.StartsWith(PathPrefix, StringComparison.Ordinal) || path.Length == PathPrefix.Length || path.IndexOf('/', PathPrefix.Length) >= 0)
        {
            return null;
        }

        var recording = path[PathPrefix.Length..];
        var tracks = new List<ReplayTrack>();
        var read = new Dictionary<(string Storage, string Key), IReadOnlyList<Mp4TrackInfo>?>(); // an MP4 segment holds every track
        foreach (var token in _index.GetTracks(recording))
        {
            var segments = _index.GetSegments(recording, token);
            if (segments.Count == 0 || await DescribeAsync(segments[0], token, read, cancellationToken).ConfigureAwait(false) is not { } track)
            {
                continue;
            }

            tracks.Add(track with { Segments = segments });
        }

        return tracks.Count == 0 ? null : new RecordingReplaySource(recording, tracks, _reader);
    }

    private async ValueTask<ReplayTrack?> DescribeAsync(
        RecordedSegment first, string token, Dictionary<(string Storage, string Key), IReadOnlyList<Mp4TrackInfo>?> read, CancellationToken cancellationToken)
    {
        if (!read.TryGetValue((first.StorageToken, first.Key), out var tracks))
        {
            try
            {
                var bytes = await _reader.ReadAsync(first.Recording, first.StorageToken, first.Key, cancellationToken).ConfigureAwait(false);
                tracks = FragmentedMp4Reader.Read(bytes).Tracks;
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                tracks = null;
            }

            read[(first.StorageToken, first.Key)] = tracks;
        }

        var position = FilePosition(first, token);
        if (tracks is null || position < 0 || position >= tracks.Count)
        {
            return null;
        }

        var info = tracks[position];
        if (info.Codec is not { } codec)
        {
            return null;
        }

        var clock = info.Kind == TrackKind.Audio ? (int)info.Timescale : 90_000;
        return new ReplayTrack(token, position, new ServedStream(codec, clock, info.CodecConfiguration, info.Channels, token), []);
    }

    /// <summary>The track's position in the segment's moov: segment writers number tracks in the order the index lists them.</summary>
    private int FilePosition(RecordedSegment segment, string token)
    {
        var rows = _index.GetObjectRanges(segment.StorageToken, segment.Key);
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].Track == token && rows[i].Recording == segment.Recording)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A replayed track: its token, its position in its segments' moov, what the server offers and its segments in time order.</summary>
public sealed record ReplayTrack(string Token, int FilePosition, ServedStream Stream, IReadOnlyList<RecordedSegment> Segments);
