using Nvr.Control.Recordings.Model;
using Nvr.Storage.Configuration;
using Nvr.Storage.Index;
using ControlRecording = Nvr.Control.Recordings.Model.Recording;

namespace Nvr.Protocol.WebConsole;

/// <summary>A span of recorded time on the timeline.</summary>
public sealed record TimelineRange(DateTimeOffset Start, DateTimeOffset End);

/// <summary>A segment object the player appends, in time order.</summary>
public sealed record PlaybackSegment(string Storage, string Key, DateTimeOffset Start, DateTimeOffset End, string Url);

/// <summary>What the player needs to start at an instant: the codecs, and the segments from the one holding it on.</summary>
public sealed record PlaybackPlan(string Track, string MimeType, IReadOnlyList<PlaybackSegment> Segments, double Offset);

/// <summary>
/// The console's read side of recorded media: the recorded-range index (DATA/index.db) for the timeline, and the
/// segment objects of local storages for playback (only objects the index names are served, so no path from the
/// request reaches the file system).
/// </summary>
public sealed class ConsoleMedia : IDisposable
{
    private const int MaxPlaybackSegments = 200;
    private readonly string _indexPath;
    private readonly StorageCatalog _storages;
    private readonly Lock _lock = new();
    private RecordedRangeIndex? _index;

    public ConsoleMedia(string indexPath, StorageCatalog storages)
    {
        _indexPath = indexPath;
        _storages = storages;
    }

    /// <summary>The track the timeline shows: the recording's first video track, else its first track.</summary>
    public static string? TimelineTrack(ControlRecording recording) =>
        recording.Tracks.FirstOrDefault(t => t.Configuration.TrackType == TrackType.Video)?.Token ?? recording.Tracks.FirstOrDefault()?.Token;

    public IReadOnlyList<TimelineRange> Ranges(string recording, string track, DateTimeOffset from, DateTimeOffset to)
    {
        if (Index() is not { } index)
        {
            return [];
        }

        return [.. index.GetRanges(recording, track)
            .Where(r => r.End > from && r.Start < to)
            .Select(r => new TimelineRange(r.Start < from ? from : r.Start, r.End > to ? to : r.End))];
    }

    public PlaybackPlan? Plan(string recording, string track, DateTimeOffset at)
    {
        if (Index() is not { } index)
        {
            return null;
        }

        var segments = index.GetSegments(recording, track).Where(s => s.End > at && !s.IsExternal && Local(s.StorageToken) is not null)
            .DistinctBy(s => (s.StorageToken, s.Key)).Take(MaxPlaybackSegments).ToList();
        if (segments.Count == 0 || File(segments[0].StorageToken, segments[0].Key) is not { } first)
        {
            return null;
        }

        var head = new byte[Math.Min(new FileInfo(first).Length, 4L << 20)];
        using (var stream = System.IO.File.OpenRead(first))
        {
            stream.ReadExactly(head);
        }

        var codecs = Mp4CodecProbe.Codecs(head);
        var mime = $"video/mp4; codecs=\"{string.Join(", ", codecs)}\"";
        var offset = Math.Max(0, (at - segments[0].Start).TotalSeconds);
        return new PlaybackPlan(track, mime, [.. segments.Select(s => new PlaybackSegment(s.StorageToken, s.Key, s.Start, s.End,
            $"/api/media?storage={Uri.EscapeDataString(s.StorageToken)}&key={Uri.EscapeDataString(s.Key)}"))], offset);
    }

    /// <summary>The file of a segment object the index knows in a local storage; null otherwise.</summary>
    public string? File(string storage, string key)
    {
        if (Local(storage) is not { } local || Index() is not { } index || index.GetObjectRanges(storage, key).Count == 0)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(local.Directory, key));
        var root = Path.GetFullPath(local.Directory) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal) && System.IO.File.Exists(path) ? path : null;
    }

    private LocalStorageConfiguration? Local(string storage) =>
        _storages.TryGet(storage, out var configuration) ? configuration as LocalStorageConfiguration : null;

    private RecordedRangeIndex? Index()
    {
        lock (_lock)
        {
            if (_index is null && System.IO.File.Exists(_indexPath))
            {
                _index = new RecordedRangeIndex(_indexPath);
            }

            return _index;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _index?.Dispose();
            _index = null;
        }
    }
}
