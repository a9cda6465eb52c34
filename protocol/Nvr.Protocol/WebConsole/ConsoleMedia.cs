using Nvr.Control.Recordings.Model;
using Nvr.Recording.Export;
using Nvr.Storage.Configuration;
using Nvr.Storage.Export;
using Nvr.Storage.Index;
using ControlRecording = Nvr.Control.Recordings.Model.Recording;

namespace Nvr.Protocol.WebConsole;

/// <summary>A span of recorded time on the timeline.</summary>
public sealed record TimelineRange(DateTimeOffset Start, DateTimeOffset End);

/// <summary>A segment object the player appends, in time order.</summary>
public sealed record PlaybackSegment(string Storage, string Key, DateTimeOffset Start, DateTimeOffset End, string Url);

/// <summary>What the player needs to start at an instant: the codecs, and the segments from the one holding it on.</summary>
/// <param name="Decrypted">True when the recording's segments are CENC/CBCS-encrypted and served decrypted.</param>
public sealed record PlaybackPlan(string Track, string MimeType, IReadOnlyList<PlaybackSegment> Segments, double Offset, bool Decrypted);

/// <summary>
/// A segment object as the player gets it: a clear local file served as is, or bytes (read from S3 and/or decrypted),
/// with the codecs of what is served (probed once, when the object is read).
/// </summary>
public sealed record PlayableSegment(string? File, byte[]? Bytes, bool Decrypted, IReadOnlyList<string> Codecs);

/// <summary>
/// The console's read side of recorded media: the recorded-range index (DATA/index.db) for the timeline, and the
/// segment objects of the configured storages (local directory, S3 spool or bucket, through the export's
/// <see cref="RecordedObjectReader"/>) for playback. Only objects the index names are served, so no path from the
/// request reaches a storage. Encrypted (CENC/CBCS) segments are decrypted here with the recording's keys by the
/// export's <see cref="RecordingExporter"/> and served as clear fragmented MP4: no key leaves the appliance.
/// </summary>
public sealed class ConsoleMedia : IDisposable
{
    private const int MaxPlaybackSegments = 200;
    private const int CachedSegments = 4;
    private const int HeadBytes = 4 << 20;
    private readonly IndexLocation _indexLocation;
    private readonly StorageCatalog _storages;
    private readonly RecordedObjectReader _reader;
    private readonly Func<string, CancellationToken, Task<IReadOnlyDictionary<string, byte[]>>> _keysOf;
    private readonly Lock _lock = new();
    private readonly LinkedList<(string Storage, string Key, PlayableSegment Segment)> _cache = new();
    private RecordedRangeIndex? _index;

    /// <param name="keysOf">The content keys (KID in lowercase hex → key) of a recording.</param>
    public ConsoleMedia(IndexLocation indexLocation, StorageCatalog storages, string spoolRoot, Func<string, CancellationToken, Task<IReadOnlyDictionary<string, byte[]>>> keysOf)
    {
        _indexLocation = indexLocation;
        _storages = storages;
        _reader = new RecordedObjectReader(storages, spoolRoot);
        _keysOf = keysOf;
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

    public async Task<PlaybackPlan?> PlanAsync(string recording, string track, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Index() is not { } index)
        {
            return null;
        }

        var segments = index.GetSegments(recording, track).Where(s => s.End > at && _storages.TryGet(s.StorageToken, out _))
            .DistinctBy(s => (s.StorageToken, s.Key)).Take(MaxPlaybackSegments).ToList();
        if (segments.Count == 0 || await ReadAsync(segments[0].StorageToken, segments[0].Key, cancellationToken) is not { } first)
        {
            return null;
        }

        var mime = $"video/mp4; codecs=\"{string.Join(", ", first.Codecs)}\"";
        var offset = Math.Max(0, (at - segments[0].Start).TotalSeconds);
        return new PlaybackPlan(track, mime, [.. segments.Select(s => new PlaybackSegment(s.StorageToken, s.Key, s.Start, s.End,
            $"/api/media?storage={Uri.EscapeDataString(s.StorageToken)}&key={Uri.EscapeDataString(s.Key)}"))], offset, first.Decrypted);
    }

    /// <summary>
    /// A segment object the index knows, ready to play: a clear local object as its file, anything else read through
    /// the export's reader and, when its sample entries are protected (<c>encv</c>/<c>enca</c>), decrypted to clear
    /// fragmented MP4. Null when the index does not know the object or it is gone.
    /// </summary>
    /// <exception cref="InvalidDataException">The object is encrypted with a key the recording does not have.</exception>
    public async Task<PlayableSegment?> ReadAsync(string storage, string key, CancellationToken cancellationToken)
    {
        if (Index() is not { } index || !_storages.TryGet(storage, out var configuration) || index.GetObjectRanges(storage, key) is not { Count: > 0 } rows)
        {
            return null;
        }

        lock (_lock)
        {
            if (_cache.FirstOrDefault(c => c.Storage == storage && c.Key == key) is { Segment: not null } hit)
            {
                return hit.Segment;
            }
        }

        PlayableSegment segment;
        try
        {
            var local = configuration is LocalStorageConfiguration directory ? LocalFile(directory, key) : null;
            var codecs = local is null ? null : Mp4CodecProbe.Codecs(Head(local));
            if (local is not null && !Protected(codecs!))
            {
                segment = new PlayableSegment(local, null, false, codecs!);
            }
            else
            {
                var bytes = await _reader.ReadAsync(storage, key, cancellationToken);
                codecs = Mp4CodecProbe.Codecs(bytes);
                if (Protected(codecs))
                {
                    var clear = await DecryptAsync(rows, bytes, cancellationToken);
                    segment = new PlayableSegment(null, clear, true, Mp4CodecProbe.Codecs(clear));
                }
                else
                {
                    segment = new PlayableSegment(null, bytes, false, codecs);
                }
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        lock (_lock)
        {
            _cache.AddFirst((storage, key, segment));
            while (_cache.Count > CachedSegments)
            {
                _cache.RemoveLast();
            }
        }

        return segment;
    }

    /// <summary>True when an MP4's codecs name a protected sample entry.</summary>
    private static bool Protected(IReadOnlyList<string> codecs) => codecs.Any(c => c is "encv" or "enca");

    private async Task<byte[]> DecryptAsync(IReadOnlyList<RecordedSegment> rows, byte[] bytes, CancellationToken cancellationToken)
    {
        var keys = await _keysOf(rows[0].Recording, cancellationToken);
        var key = rows[0].Key;
        var dot = key.LastIndexOf('.');
        var item = new ExportObject(rows[0].StorageToken, key, dot < 0 ? string.Empty : key[(dot + 1)..], rows.Min(r => r.Start), rows.Max(r => r.End), bytes.Length);
        var run = new ExportRun(rows[0].Recording, "playback.mp4", DateTimeOffset.MinValue, DateTimeOffset.MaxValue, [item]);
        var exporter = new RecordingExporter((_, _) => Task.FromResult(bytes), keys);
        using var output = new MemoryStream(bytes.Length + (bytes.Length / 8));
        await exporter.WriteClearAsync(run, output, cancellationToken);
        return output.ToArray();
    }

    private static string? LocalFile(LocalStorageConfiguration local, string key)
    {
        var path = Path.GetFullPath(Path.Combine(local.Directory, key));
        var root = Path.GetFullPath(local.Directory) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal) && System.IO.File.Exists(path) ? path : null;
    }

    private static byte[] Head(string file)
    {
        using var stream = System.IO.File.OpenRead(file);
        var head = new byte[Math.Min(stream.Length, HeadBytes)];
        stream.ReadExactly(head);
        return head;
    }

    private RecordedRangeIndex? Index()
    {
        lock (_lock)
        {
            if (_index is null && _indexLocation.Exists)
            {
                _index = new RecordedRangeIndex(_indexLocation);
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
