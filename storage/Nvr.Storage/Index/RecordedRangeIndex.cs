using System.Data;
using System.Data.Common;

namespace Nvr.Storage.Index;

/// <summary>
/// Persistent index of recorded ranges per (recording, track) with the segment objects holding them, and of the
/// tracks' codec parameters (<c>track_attributes</c>, RecordedRangeIndex.TrackParameters.cs) and of the camera events
/// recorded in metadata tracks (<c>recorded_events</c>, RecordedRangeIndex.Events.cs). Stored in a SQLite file (WAL
/// mode; the default) or in PostgreSQL (<see cref="IndexLocation.PostgreSql"/>: the appliance's <c>--postgres</c>
/// database, shared by every node of a cluster); the statements are the same on both (<see cref="IndexDialect"/>).
/// Read by retention, export, the timeline, replay and the search service, each on its own connection (WAL readers
/// never block the writer; PostgreSQL is MVCC). Thread-safe: one connection per instance, used under a lock; a broken
/// PostgreSQL connection is opened again at the next call.
/// </summary>
public sealed partial class RecordedRangeIndex : IDisposable
{
    internal const string Columns = "recording, track, start_ticks, end_ticks, storage, key, bytes, external";
    private readonly IndexDialect _dialect;
    private readonly object _gate = new();
    private DbConnection _connection;

    /// <summary>Opens (creating when missing) the SQLite index stored in <paramref name="databasePath"/>.</summary>
    public RecordedRangeIndex(string databasePath)
        : this(IndexLocation.Sqlite(databasePath))
    {
    }

    /// <summary>Opens the index at <paramref name="location"/>, creating its tables when missing.</summary>
    public RecordedRangeIndex(IndexLocation location)
    {
        Location = location;
        _dialect = IndexDialect.For(location);
        _connection = _dialect.Connect();
        try
        {
            _dialect.CreateSchema(_connection);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>Where this index is stored.</summary>
    public IndexLocation Location { get; }

    /// <summary>Records one track's range in a stored segment (call once per track when a segment completes).</summary>
    public void Add(RecordedSegment segment)
    {
        if (segment.End < segment.Start)
        {
            throw new ArgumentException($"range end {segment.End:O} is before its start {segment.Start:O}", nameof(segment));
        }

        lock (_gate)
        {
            using var command = Command(
                $"INSERT INTO segment_ranges ({Columns}) VALUES ($r, $t, $s, $e, $st, $k, $b, $x)",
                ("$r", segment.Recording), ("$t", segment.Track), ("$s", segment.Start.UtcTicks), ("$e", segment.End.UtcTicks),
                ("$st", segment.StorageToken), ("$k", segment.Key), ("$b", segment.Bytes), ("$x", segment.IsExternal ? 1 : 0));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The recorded ranges of a track, contiguous segments merged, in time order.</summary>
    public IReadOnlyList<RecordedRange> GetRanges(string recording, string track)
        => RecordedRange.Merge(GetSegments(recording, track).Select(s => new RecordedRange(s.Recording, s.Track, s.Start, s.End)));

    /// <summary>The segment ranges of a track in time order.</summary>
    public IReadOnlyList<RecordedSegment> GetSegments(string recording, string track)
        => Query($"SELECT {Columns} FROM segment_ranges WHERE recording = $r AND track = $t ORDER BY start_ticks, id", ("$r", recording), ("$t", track));

    /// <summary>Every segment range of a recording (all tracks) in time order (export plans from it).</summary>
    public IReadOnlyList<RecordedSegment> GetRecordingSegments(string recording)
        => Query($"SELECT {Columns} FROM segment_ranges WHERE recording = $r ORDER BY start_ticks, id", ("$r", recording));

    /// <summary>All rows of the objects <paramref name="storage"/>/<paramref name="key"/>.</summary>
    public IReadOnlyList<RecordedSegment> GetObjectRanges(string storage, string key)
        => Query($"SELECT {Columns} FROM segment_ranges WHERE storage = $st AND key = $k ORDER BY id", ("$st", storage), ("$k", key));

    /// <summary>The track tokens of <paramref name="recording"/> with recorded data, in the order they were first indexed.</summary>
    public IReadOnlyList<string> GetTracks(string recording)
    {
        lock (_gate)
        {
            using var command = Command("SELECT track FROM segment_ranges WHERE recording = $r GROUP BY track ORDER BY MIN(id)", ("$r", recording));
            var tracks = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tracks.Add(reader.GetString(0));
            }

            return tracks;
        }
    }

    /// <summary>
    /// Local (non-external) objects of <paramref name="recording"/> whose every range ended at or before
    /// <paramref name="cutoff"/>, oldest first, as (storage, key).
    /// </summary>
    public IReadOnlyList<(string Storage, string Key)> GetLocalObjectsEndedBy(string recording, DateTimeOffset cutoff)
        => QueryObjects(
            "SELECT storage, key FROM segment_ranges WHERE recording = $r AND external = 0 GROUP BY storage, key HAVING MAX(end_ticks) <= $c ORDER BY MIN(start_ticks)",
            int.MaxValue,
            ("$r", recording),
            ("$c", cutoff.UtcTicks));

    /// <summary>
    /// The oldest local (non-external) objects of all recordings, by first start, at most <paramref name="limit"/>;
    /// only those of <paramref name="storages"/> when given (the storages sharing one file system).
    /// </summary>
    public IReadOnlyList<(string Storage, string Key)> GetOldestLocalObjects(int limit, IReadOnlyCollection<string>? storages = null)
    {
        if (storages is null)
        {
            return QueryObjects("SELECT storage, key FROM segment_ranges WHERE external = 0 GROUP BY storage, key ORDER BY MIN(start_ticks) LIMIT $l", limit, ("$l", limit));
        }

        if (storages.Count == 0)
        {
            return [];
        }

        var parameters = new List<(string, object?)> { ("$l", limit) };
        var names = new List<string>(storages.Count);
        foreach (var storage in storages)
        {
            names.Add($"$s{names.Count}");
            parameters.Add((names[^1], storage));
        }

        return QueryObjects(
            $"SELECT storage, key FROM segment_ranges WHERE external = 0 AND storage IN ({string.Join(", ", names)}) GROUP BY storage, key ORDER BY MIN(start_ticks) LIMIT $l",
            limit,
            [.. parameters]);
    }

    /// <summary>Removes all rows of one object; returns them.</summary>
    public IReadOnlyList<RecordedSegment> RemoveObject(string storage, string key)
    {
        lock (_gate)
        {
            var rows = GetObjectRanges(storage, key);
            using var command = Command("DELETE FROM segment_ranges WHERE storage = $st AND key = $k", ("$st", storage), ("$k", key));
            command.ExecuteNonQuery();
            return rows;
        }
    }

    /// <summary>Bytes the index takes in its database (tables and their indexes): the benchmark's size per recorded hour.</summary>
    public long SizeInBytes()
    {
        lock (_gate)
        {
            EnsureOpen();
            return _dialect.SizeInBytes(_connection);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    /// <summary>A command on this instance's connection (call under <see cref="_gate"/>) with <c>$name</c> parameters.</summary>
    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        EnsureOpen();
        var command = _connection.CreateCommand();
        command.CommandText = _dialect.Sql(sql);
        foreach (var (name, value) in parameters)
        {
            AddParameter(command, name, value);
        }

        return command;
    }

    private DbParameter AddParameter(DbCommand command, string name, object? value, DbType? type = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = _dialect.ParameterName(name);
        if (type is { } t)
        {
            parameter.DbType = t;
        }

        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A PostgreSQL connection the server or network broke is closed by Npgsql: open a new one.</summary>
    private void EnsureOpen()
    {
        if (_connection.State != ConnectionState.Open)
        {
            _connection.Dispose();
            _connection = _dialect.Connect();
        }
    }

    private List<RecordedSegment> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, parameters);
            var rows = new List<RecordedSegment>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new RecordedSegment(
                    reader.GetString(0),
                    reader.GetString(1),
                    new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero),
                    new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetInt64(6),
                    reader.GetInt32(7) != 0));
            }

            return rows;
        }
    }

    private List<(string Storage, string Key)> QueryObjects(string sql, int limit, params (string Name, object? Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, parameters);
            var rows = new List<(string, string)>();
            using var reader = command.ExecuteReader();
            while (reader.Read() && rows.Count < limit)
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }

            return rows;
        }
    }
}
