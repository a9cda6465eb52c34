namespace Nvr.Storage.Index;

/// <summary>The read queries of the search service: each one is an index seek or an index range scan.</summary>
public sealed partial class RecordedRangeIndex
{
    /// <summary>The query of <see cref="GetTrackExtent"/> (parameters $r, $t).</summary>
    public const string TrackExtentSql =
        """
        SELECT (SELECT MIN(start_ticks) FROM segment_ranges WHERE recording = $r AND track = $t),
               (SELECT MAX(end_ticks) FROM segment_ranges WHERE recording = $r AND track = $t)
        """;

    /// <summary>The query of <see cref="GetRangesBetween"/> (parameters $r, $t, $from, $to).</summary>
    public const string RangesBetweenSql =
        """
        SELECT start_ticks, end_ticks FROM segment_ranges
        WHERE recording = $r AND track = $t AND start_ticks <= $to AND start_ticks >= COALESCE(
            (SELECT MAX(start_ticks) FROM segment_ranges WHERE recording = $r AND track = $t AND start_ticks <= $from), $from)
        ORDER BY start_ticks
        """;

    /// <summary>
    /// The oldest start and newest end of a track's recorded data (null: nothing recorded). Two MIN/MAX seeks, on
    /// (recording, track, start_ticks) and (recording, track, end_ticks).
    /// </summary>
    public TrackExtent? GetTrackExtent(string recording, string track)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText =
TrackExtentSql;
            command.Parameters.AddWithValue("$r", recording);
            command.Parameters.AddWithValue("$t", track);
            using var reader = command.ExecuteReader();
            if (!reader.Read() || reader.IsDBNull(0) || reader.IsDBNull(1))
            {
                return null;
            }

            return new TrackExtent(Utc(reader.GetInt64(0)), Utc(reader.GetInt64(1)));
        }
    }

    /// <summary>
    /// The segment ranges of a track that may hold data in [<paramref name="from"/>, <paramref name="to"/>], in time
    /// order: the last segment starting at or before <paramref name="from"/> and every one starting up to
    /// <paramref name="to"/> (a range scan on (recording, track, start_ticks), bounded at both ends; segments of one
    /// track are written one after the other, so none starting earlier reaches further).
    /// </summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> GetRangesBetween(string recording, string track, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText =
RangesBetweenSql;
            command.Parameters.AddWithValue("$r", recording);
            command.Parameters.AddWithValue("$t", track);
            command.Parameters.AddWithValue("$from", from.UtcTicks);
            command.Parameters.AddWithValue("$to", to.UtcTicks);
            var rows = new List<(DateTimeOffset, DateTimeOffset)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var end = Utc(reader.GetInt64(1));
                if (end >= from)
                {
                    rows.Add((Utc(reader.GetInt64(0)), end));
                }
            }

            return rows;
        }
    }

    /// <summary>The SQLite query plan of a statement (for tests and the benchmark: proves a query uses an index).</summary>
    /// <summary>The latest indexed segment row of <paramref name="recording"/> on <paramref name="storage"/> (by start), or null.</summary>
    public RecordedSegment? GetLatestSegment(string recording, string storage)
        => Query($"SELECT {Columns} FROM segment_ranges WHERE recording = $r AND storage = $st ORDER BY start_ticks DESC, id DESC LIMIT 1",
            ("$r", recording), ("$st", storage)).FirstOrDefault();

    public IReadOnlyList<string> ExplainQueryPlan(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            var rows = new List<string>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(reader.GetString(3));
            }

            return rows;
        }
    }

    /// <summary>Adds many segment ranges in one transaction (bulk import and the benchmark's sized index).</summary>
    public void AddMany(IEnumerable<RecordedSegment> segments)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO segment_ranges ({Columns}) VALUES ($r, $t, $s, $e, $st, $k, $b, $x)";
            var r = command.Parameters.Add("$r", Microsoft.Data.Sqlite.SqliteType.Text);
            var t = command.Parameters.Add("$t", Microsoft.Data.Sqlite.SqliteType.Text);
            var s = command.Parameters.Add("$s", Microsoft.Data.Sqlite.SqliteType.Integer);
            var e = command.Parameters.Add("$e", Microsoft.Data.Sqlite.SqliteType.Integer);
            var st = command.Parameters.Add("$st", Microsoft.Data.Sqlite.SqliteType.Text);
            var k = command.Parameters.Add("$k", Microsoft.Data.Sqlite.SqliteType.Text);
            var b = command.Parameters.Add("$b", Microsoft.Data.Sqlite.SqliteType.Integer);
            var x = command.Parameters.Add("$x", Microsoft.Data.Sqlite.SqliteType.Integer);
            foreach (var segment in segments)
            {
                r.Value = segment.Recording;
                t.Value = segment.Track;
                s.Value = segment.Start.UtcTicks;
                e.Value = segment.End.UtcTicks;
                st.Value = segment.StorageToken;
                k.Value = segment.Key;
                b.Value = segment.Bytes;
                x.Value = segment.IsExternal ? 1 : 0;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}

/// <summary>The oldest start and newest end of a track's recorded data.</summary>
public sealed record TrackExtent(DateTimeOffset From, DateTimeOffset To);
