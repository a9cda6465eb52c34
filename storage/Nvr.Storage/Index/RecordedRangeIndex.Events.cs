using System.Text;
using System.Text.Json;
using System.Data;

namespace Nvr.Storage.Index;

/// <summary>
/// The <c>recorded_events</c> table: the camera notifications recorded in metadata tracks (what FindEvents returns
/// next to the recording history), one row per event and track, items as JSON arrays of [name, value] pairs. Read by
/// time windows of one recording (index <c>ix_events_recording (recording, utc_ticks)</c>); retention removes the
/// events of the ranges it deletes.
/// </summary>
public sealed partial class RecordedRangeIndex
{
    /// <summary>The query of <see cref="GetEventsBetween"/> (parameters $r, $from, $to, $limit).</summary>
    public const string EventsBetweenSql =
        """
        SELECT id, track, utc_ticks, topic, operation, source, data FROM recorded_events
        WHERE recording = $r AND utc_ticks >= $from AND utc_ticks <= $to
        ORDER BY utc_ticks, id LIMIT $limit
        """;

    /// <summary>The query of <see cref="GetEventsAfter"/> forward (parameters $t, $id, $until, $limit).</summary>
    public const string EventsAfterSql =
        """
        SELECT id, recording, track, utc_ticks, topic, operation, source, data FROM recorded_events
        WHERE (utc_ticks > $t OR (utc_ticks = $t AND id > $id)) AND utc_ticks <= $until
        ORDER BY utc_ticks, id LIMIT $limit
        """;

    /// <summary>The query of <see cref="GetEventsAfter"/> backward (parameters $t, $id, $limit).</summary>
    public const string EventsBeforeSql =
        """
        SELECT id, recording, track, utc_ticks, topic, operation, source, data FROM recorded_events
        WHERE utc_ticks < $t OR (utc_ticks = $t AND id < $id)
        ORDER BY utc_ticks DESC, id DESC LIMIT $limit
        """;

    /// <summary>Stores recorded events (one transaction).</summary>
    public void AddEvents(IReadOnlyList<RecordedEvent> events)
    {
        lock (_gate)
        {
            EnsureOpen();
            using var transaction = _connection.BeginTransaction();
            using var command = Command("INSERT INTO recorded_events (recording, track, utc_ticks, topic, operation, source, data) VALUES ($r, $t, $u, $topic, $op, $s, $d)");
            command.Transaction = transaction;
            var parameters = new[] { "$r", "$t", "$u", "$topic", "$op", "$s", "$d" }.Select(n => AddParameter(command, n, null, n == "$u" ? DbType.Int64 : DbType.String)).ToArray();
            foreach (var e in events)
            {
                parameters[0].Value = e.Recording;
                parameters[1].Value = e.Track;
                parameters[2].Value = e.Utc.UtcTicks;
                parameters[3].Value = e.Topic;
                parameters[4].Value = (object?)e.PropertyOperation ?? DBNull.Value;
                parameters[5].Value = ItemsJson(e.Source);
                parameters[6].Value = ItemsJson(e.Data);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    /// <summary>
    /// The recorded events of <paramref name="recording"/> at times in [<paramref name="from"/>, <paramref name="to"/>],
    /// in time order (then in the order they were stored), at most <paramref name="limit"/>: an index range scan.
    /// </summary>
    public IReadOnlyList<RecordedEvent> GetEventsBetween(string recording, DateTimeOffset from, DateTimeOffset to, int limit = int.MaxValue)
    {
        lock (_gate)
        {
            using var command = Command(EventsBetweenSql, ("$r", recording), ("$from", from.UtcTicks), ("$to", to.UtcTicks), ("$limit", limit));
            var rows = new List<RecordedEvent>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new RecordedEvent(recording, reader.GetString(1), Utc(reader.GetInt64(2)), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), ParseItems(reader.GetString(5)), ParseItems(reader.GetString(6))));
            }

            return rows;
        }
    }

    /// <summary>The query of <see cref="GetEventStatesAt"/> (parameters $r, $at).</summary>
    public const string EventStatesAtSql =
        """
        SELECT id, track, utc_ticks, topic, operation, source, data FROM recorded_events
        WHERE id IN (SELECT MAX(id) FROM recorded_events WHERE recording = $r AND utc_ticks <= $at AND operation IS NOT NULL GROUP BY track, topic, source)
        ORDER BY utc_ticks, id
        """;

    /// <summary>
    /// The state of every camera property of <paramref name="recording"/> at <paramref name="at"/>: per track, topic
    /// and Source items the latest property event at or before it (Deleted ones left out), in time order. A range scan
    /// of the recording's events up to <paramref name="at"/> on <c>ix_events_recording</c>.
    /// </summary>
    public IReadOnlyList<RecordedEvent> GetEventStatesAt(string recording, DateTimeOffset at)
    {
        lock (_gate)
        {
            using var command = Command(EventStatesAtSql, ("$r", recording), ("$at", at.UtcTicks));
            var rows = new List<RecordedEvent>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var operation = reader.GetString(4);
                if (operation != "Deleted")
                {
                    rows.Add(new RecordedEvent(recording, reader.GetString(1), Utc(reader.GetInt64(2)), reader.GetString(3), operation,
                        ParseItems(reader.GetString(5)), ParseItems(reader.GetString(6))));
                }
            }

            return rows;
        }
    }

    /// <summary>
    /// Recorded events of all recordings past a position (keyset paging on (utc_ticks, id), an index range scan):
    /// forward those after (<paramref name="ticks"/>, <paramref name="id"/>) up to <paramref name="untilTicks"/> in time
    /// order, backward those before it in descending order; at most <paramref name="limit"/>, each with its row id.
    /// </summary>
    public IReadOnlyList<(long Id, RecordedEvent Event)> GetEventsAfter(long ticks, long id, bool backward, long untilTicks, int limit)
    {
        lock (_gate)
        {
            using var command = backward
                ? Command(EventsBeforeSql, ("$t", ticks), ("$id", id), ("$limit", limit))
                : Command(EventsAfterSql, ("$t", ticks), ("$id", id), ("$limit", limit), ("$until", untilTicks));

            var rows = new List<(long, RecordedEvent)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), new RecordedEvent(reader.GetString(1), reader.GetString(2), Utc(reader.GetInt64(3)), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), ParseItems(reader.GetString(6)), ParseItems(reader.GetString(7)))));
            }

            return rows;
        }
    }

    /// <summary>Removes the events of a track in [<paramref name="from"/>, <paramref name="to"/>) (the data retention deleted); returns how many.</summary>
    public int RemoveEvents(string recording, string track, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            using var command = Command(
                "DELETE FROM recorded_events WHERE recording = $r AND utc_ticks >= $from AND utc_ticks < $to AND track = $t",
                ("$r", recording), ("$t", track), ("$from", from.UtcTicks), ("$to", to.UtcTicks));
            return command.ExecuteNonQuery();
        }
    }

    private static string ItemsJson(IReadOnlyList<RecordedEventItem> items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var item in items)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(item.Name);
                writer.WriteStringValue(item.Value);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<RecordedEventItem> ParseItems(string json)
    {
        using var document = JsonDocument.Parse(json);
        var items = new List<RecordedEventItem>();
        foreach (var pair in document.RootElement.EnumerateArray())
        {
            items.Add(new RecordedEventItem(pair[0].GetString() ?? string.Empty, pair[1].GetString() ?? string.Empty));
        }

        return items;
    }
}
