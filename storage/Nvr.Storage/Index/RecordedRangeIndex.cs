using Microsoft.Data.Sqlite;

namespace Nvr.Storage.Index;

/// <summary>
/// Persistent index of recorded ranges per (recording, track) with the segment objects holding them, and of the
/// tracks' codec parameters (<c>track_attributes</c>, RecordedRangeIndex.TrackParameters.cs) and of the camera events recorded in metadata tracks (<c>recorded_events</c>, RecordedRangeIndex.Events.cs), in a SQLite file (WAL mode). Read by retention, export, the timeline and the search service (one more connection on the
/// same file: WAL readers never block the writer). Thread-safe.
/// </summary>
public sealed partial class RecordedRangeIndex : IDisposable
{
    private const string Columns = "recording, track, start_ticks, end_ticks, storage, key, bytes, external";
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    /// <summary>Opens (creating when missing) the index stored in <paramref name="databasePath"/>.</summary>
    public RecordedRangeIndex(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=NORMAL;");
        Execute(
            """
            CREATE TABLE IF NOT EXISTS segment_ranges (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                recording TEXT NOT NULL, track TEXT NOT NULL,
                start_ticks INTEGER NOT NULL, end_ticks INTEGER NOT NULL,
                storage TEXT NOT NULL, key TEXT NOT NULL, bytes INTEGER NOT NULL, external INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS ix_ranges_track ON segment_ranges (recording, track, start_ticks);
            CREATE INDEX IF NOT EXISTS ix_ranges_object ON segment_ranges (storage, key);
            CREATE INDEX IF NOT EXISTS ix_ranges_start ON segment_ranges (external, start_ticks);
            CREATE INDEX IF NOT EXISTS ix_ranges_track_end ON segment_ranges (recording, track, end_ticks);
            """);
        Execute(TrackParametersSchema);
        Execute(EventsSchema);
    }

    /// <summary>Records one track's range in a stored segment (call once per track when a segment completes).</summary>
    public void Add(RecordedSegment segment)
    {
        if (segment.End < segment.Start)
        {
            throw new ArgumentException($"range end {segment.End:O} is before its start {segment.Start:O}", nameof(segment));
        }

        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"INSERT INTO segment_ranges ({Columns}) VALUES ($r, $t, $s, $e, $st, $k, $b, $x)";
            command.Parameters.AddWithValue("$r", segment.Recording);
            command.Parameters.AddWithValue("$t", segment.Track);
            command.Parameters.AddWithValue("$s", segment.Start.UtcTicks);
            command.Parameters.AddWithValue("$e", segment.End.UtcTicks);
            command.Parameters.AddWithValue("$st", segment.StorageToken);
            command.Parameters.AddWithValue("$k", segment.Key);
            command.Parameters.AddWithValue("$b", segment.Bytes);
            command.Parameters.AddWithValue("$x", segment.IsExternal ? 1 : 0);
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
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT track FROM segment_ranges WHERE recording = $r GROUP BY track ORDER BY MIN(id)";
            command.Parameters.AddWithValue("$r", recording);
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

        var parameters = new List<(string, object)> { ("$l", limit) };
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
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM segment_ranges WHERE storage = $st AND key = $k";
            command.Parameters.AddWithValue("$st", storage);
            command.Parameters.AddWithValue("$k", key);
            command.ExecuteNonQuery();
            return rows;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<RecordedSegment> Query(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

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
                    reader.GetInt64(7) != 0));
            }

            return rows;
        }
    }

    private List<(string Storage, string Key)> QueryObjects(string sql, int limit, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

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
