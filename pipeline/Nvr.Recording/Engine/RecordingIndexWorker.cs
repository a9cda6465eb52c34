using System.Globalization;
using System.Threading.Channels;
using Nvr.Storage.Index;
using Nvr.Storage.Keys;
using Nvr.Storage.Retention;

namespace Nvr.Recording.Engine;

/// <summary>
/// Owns the recorded-range index (SQLite or PostgreSQL) off the engine's thread: completed segments are added and retention
/// (MaximumRetentionTime, then the free-space watermark) is enforced in order on one background task. Requests wait
/// in a bounded queue; when it is full a request is refused (counted in <see cref="Refused"/>) rather than blocking
/// the caller: a refused segment is not indexed, a refused retention pass is redone at the next tick.
/// </summary>
public sealed class RecordingIndexWorker : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<Work> _queue;
    private readonly RecordedRangeIndex _index;
    private readonly RetentionEnforcer _enforcer;
    private readonly FreeSpaceWatermark _watermark;
    private readonly Action<RecordedRange> _deleted;
    private readonly Action<string> _warning;
    private readonly Task _loop;
    private readonly List<Work.Add> _batch = [];
    private long _refused;

    /// <param name="deleted">Called on the worker's task for every range retention deleted.</param>
    /// <param name="warning">Called on the worker's task when a storage cannot be cleaned.</param>
    public RecordingIndexWorker(
        RecordedRangeIndex index, RetentionEnforcer enforcer, FreeSpaceWatermark watermark,
        Action<RecordedRange> deleted, Action<string> warning, int capacity = 4096)
    {
        _index = index;
        _enforcer = enforcer;
        _watermark = watermark;
        _deleted = deleted;
        _warning = warning;
        _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the caller never blocks
            SingleReader = true,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Requests refused because the queue was full.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>
    /// Queues the index entries of one stored segment (one per track) and the codec parameters of its tracks (a row is
    /// added only where they differ from those in force); false when refused.
    /// </summary>
    public bool TryAdd(IReadOnlyList<RecordedSegment> segments, IReadOnlyList<TrackParametersChange>? parameters = null) =>
        Offer(new Work.Add(segments, parameters ?? []));

    /// <summary>Queues camera events recorded in metadata tracks (FindEvents finds them); false when refused.</summary>
    public bool TryAddEvents(IReadOnlyList<RecordedEvent> events) => Offer(new Work.AddEvents(events));

    /// <summary>
    /// Queues the index entries of a segment recovered after a crash (it has no completion event): one per track of
    /// <paramref name="tracks"/> (the recording's tracks of the kinds the file holds) that already has data, or all of
    /// them when none has; nothing when the object is indexed already. False when refused.
    /// </summary>
    public bool TryAddRecovered(string recording, IReadOnlyList<string> tracks, RecoveredObject recovered, bool external) =>
        Offer(new Work.AddRecovered(recording, tracks, recovered, external));

    /// <summary>
    /// Queues a look for segments of <paramref name="recording"/> stored before <paramref name="before"/> but never indexed
    /// (a crash between a segment's completion and its index write): objects of the recording's key directories
    /// (<paramref name="prefix"/>, <paramref name="postfix"/>) newer than its latest indexed segment on that storage, with a
    /// Duration, are indexed on that segment's tracks. False when refused.
    /// </summary>
    public bool TryReconcile(string recording, string storage, Nvr.Storage.Sinks.IObjectCatalog catalog, string? prefix, string? postfix, DateTimeOffset before, bool external) =>
        Offer(new Work.Reconcile(recording, storage, catalog, prefix, postfix, before, external));

    /// <summary>Queues a retention pass over <paramref name="retention"/> (recording → MaximumRetentionTime); false when refused.</summary>
    public bool TryEnforceRetention(IReadOnlyDictionary<string, TimeSpan> retention) => Offer(new Work.Enforce(retention));

    private bool Offer(Work work)
    {
        if (_queue.Writer.TryWrite(work))
        {
            return true;
        }

        Interlocked.Increment(ref _refused);
        return false;
    }

    private async Task RunAsync()
    {
        await foreach (var work in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                switch (work)
                {
                    case Work.Add add:
                        AddQueued(add);
                        break;
                    case Work.AddEvents events:
                        _index.AddEvents(events.Events);
                        break;
                    case Work.Reconcile reconcile:
                        await ReconcileAsync(reconcile).ConfigureAwait(false);
                        break;
                    case Work.AddRecovered recovered:
                        AddRecovered(recovered);
                        break;
                    case Work.Enforce enforce:
                        Enforce(enforce.Retention);
                        break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Data.Common.DbException)
            {
                _warning($"recorded-range index: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Indexes <paramref name="first"/> and every Add queued right behind it in one transaction (segments of many
    /// cameras complete together: one index write each cost a transaction, with its WAL frames and locks, per track).
    /// </summary>
    private void AddQueued(Work.Add first)
    {
        var batch = _batch;
        batch.Clear();
        batch.Add(first);
        while (batch.Count < MaxBatch && _queue.Reader.TryPeek(out var next) && next is Work.Add && _queue.Reader.TryRead(out next))
        {
            batch.Add((Work.Add)next);
        }

        try
        {
            if (batch.Count == 1 || !TryAddMany(batch))
            {
                foreach (var add in batch)
                {
                    foreach (var segment in add.Segments)
                    {
                        _index.Add(segment); // one by one: as before, an invalid segment fails alone
                    }
                }
            }

            foreach (var add in batch)
            {
                foreach (var change in add.Parameters)
                {
                    _index.AddTrackParameters(change);
                }
            }
        }
        finally
        {
            batch.Clear();
        }
    }

    private bool TryAddMany(List<Work.Add> batch)
    {
        var segments = new List<RecordedSegment>();
        foreach (var add in batch)
        {
            foreach (var segment in add.Segments)
            {
                if (segment.End < segment.Start)
                {
                    return false; // Add refuses it: index the batch one by one so that the others still go in
                }

                segments.Add(segment);
            }
        }

        try
        {
            _index.AddMany(segments); // one transaction (SQLite) or one COPY (PostgreSQL): all or nothing
            return true;
        }
        catch (System.Data.Common.DbException)
        {
            return false; // one by one, so that only the failing segment is reported and lost
        }
    }

    private async Task ReconcileAsync(Work.Reconcile work)
    {
        if (_index.GetLatestSegment(work.Recording, work.Storage) is not { } latest)
        {
            return;
        }

        var tracks = _index.GetObjectRanges(latest.StorageToken, latest.Key).Select(r => r.Track).Distinct(StringComparer.Ordinal).ToList();
        var hour = new DateTimeOffset(latest.Start.UtcDateTime.Date.AddHours(latest.Start.UtcDateTime.Hour), TimeSpan.Zero);
        hour = new[] { hour, work.Before.AddHours(-47) }.Max();
        try
        {
            for (; hour <= work.Before; hour = hour.AddHours(1))
            {
                var directory = string.Join('/', new[] { work.Prefix, hour.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), work.Postfix, hour.ToString("HH", CultureInfo.InvariantCulture) }
                    .Where(p => !string.IsNullOrEmpty(p)));
                foreach (var listed in await work.Catalog.ListAsync(directory, CancellationToken.None).ConfigureAwait(false))
                {
                    if (listed.Duration is not { } duration || !ObjectKeyParser.TryParse(listed.Key, out var key) || key.IsSpanEnd ||
                        key.Time <= latest.Start || key.Time >= work.Before || _index.GetObjectRanges(work.Storage, listed.Key).Count > 0)
                    {
                        continue;
                    }

                    foreach (var track in tracks)
                    {
                        _index.Add(new RecordedSegment(work.Recording, track, key.Time, key.Time + duration, work.Storage, listed.Key, listed.Bytes, work.External));
                    }

                    _warning($"recording {work.Recording}: segment {listed.Key} was stored but not indexed before the restart; indexed now");
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            _warning($"recording {work.Recording}: looking for unindexed segments on storage {work.Storage} failed: {e.Message}");
        }
    }

    private void AddRecovered(Work.AddRecovered work)
    {
        var o = work.Recovered;
        if (_index.GetObjectRanges(o.Storage, o.Key).Count > 0)
        {
            return;
        }

        var withData = _index.GetTracks(work.Recording).Intersect(work.Tracks, StringComparer.Ordinal).ToList();
        foreach (var track in withData.Count > 0 ? withData : work.Tracks)
        {
            _index.Add(new RecordedSegment(work.Recording, track, o.Start, o.End, o.Storage, o.Key, o.Bytes, work.External));
        }
    }

    private void Enforce(IReadOnlyDictionary<string, TimeSpan> retention)
    {
        foreach (var (recording, limit) in retention)
        {
            if (limit <= TimeSpan.Zero)
            {
                continue;
            }

            try
            {
                foreach (var range in _enforcer.EnforceMaximumRetention(recording, limit))
                {
                    Deleted(range);
                }
            }
            catch (IOException e)
            {
                _warning($"retention of recording {recording}: {e.Message}");
            }
        }

        foreach (var range in _watermark.Enforce((storage, e) => _warning($"free-space watermark of storage {storage}: {e.Message}")))
        {
            Deleted(range);
        }
    }

    /// <summary>Retention deleted <paramref name="range"/>: the events recorded in it go with it.</summary>
    private void Deleted(RecordedRange range)
    {
        _index.RemoveEvents(range.Recording, range.Track, range.Start, range.End);
        _deleted(range);
    }

    /// <summary>Finishes the queued work, then closes the index.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _index.Dispose();
    }

    private abstract record Work
    {
        public sealed record Add(IReadOnlyList<RecordedSegment> Segments, IReadOnlyList<TrackParametersChange> Parameters) : Work;

        public sealed record Enforce(IReadOnlyDictionary<string, TimeSpan> Retention) : Work;

        public sealed record AddEvents(IReadOnlyList<RecordedEvent> Events) : Work;

        public sealed record Reconcile(string Recording, string Storage, Nvr.Storage.Sinks.IObjectCatalog Catalog, string? Prefix, string? Postfix, DateTimeOffset Before, bool External) : Work;

        public sealed record AddRecovered(string Recording, IReadOnlyList<string> Tracks, RecoveredObject Recovered, bool External) : Work;
    }
}
