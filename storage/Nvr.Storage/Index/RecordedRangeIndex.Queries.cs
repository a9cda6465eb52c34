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
            using var command = Command(TrackExtentSql, ("$r", recording), ("$t", track));
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
            using var command = Command(RangesBetweenSql, ("$r", recording), ("$t", track), ("$from", from.UtcTicks), ("$to", to.UtcTicks));
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

    /// <summary>The latest indexed segment row of <paramref name="recording"/> on <paramref name="storage"/> (by start), or null.</summary>
    public RecordedSegment? GetLatestSegment(string recording, string storage)
        => Query($"SELECT {Columns} FROM segment_ranges WHERE recording = $r AND storage = $st ORDER BY start_ticks DESC, id DESC LIMIT 1",
            ("$r", recording), ("$st", storage)).FirstOrDefault();

    /// <summary>
    /// The query plan of a statement (for tests and the benchmark: proves a query uses an index): SQLite's
    /// EXPLAIN QUERY PLAN details, or PostgreSQL's EXPLAIN lines.
    /// </summary>
    public IReadOnlyList<string> ExplainQueryPlan(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql, [.. parameters.Select(p => (p.Name, (object?)p.Value))]);
            return _dialect.Explain(command);
        }
    }

    /// <summary>Adds many segment ranges in one transaction (SQLite) or one binary COPY (PostgreSQL): bulk import and the benchmark's sized index.</summary>
    public void AddMany(IEnumerable<RecordedSegment> segments)
    {
        lock (_gate)
        {
            EnsureOpen();
            _dialect.AddMany(_connection, segments);
        }
    }

    private static DateTimeOffset Utc(long ticks) => new(ticks, TimeSpan.Zero);
}

/// <summary>The oldest start and newest end of a track's recorded data.</summary>
public sealed record TrackExtent(DateTimeOffset From, DateTimeOffset To);
