namespace Nvr.Storage.Index;

/// <summary>
/// The <c>track_attributes</c> table: the codec parameters of each track, one row per change of parameters (not per
/// segment), so the parameters in force at any time are the latest row starting at or before it (one index seek).
/// </summary>
public sealed partial class RecordedRangeIndex
{
    private const string TrackParameterColumns = "codec, width, height, frame_rate, sample_rate, channels, bitrate";

    /// <summary>The query of <see cref="GetTrackParametersAt"/> (parameters $r, $t, $at).</summary>
    public const string TrackParametersAtSql =
        $"""
        SELECT from_ticks, {TrackParameterColumns} FROM track_attributes
        WHERE recording = $r AND track = $t AND from_ticks <= $at
        ORDER BY from_ticks DESC, id DESC LIMIT 1
        """;

    /// <summary>
    /// Records that <paramref name="change"/>'s parameters are in force from its From on. Nothing is written when
    /// the parameters in force at that time are the same (a row per change, not per segment). True when a row was added.
    /// </summary>
    public bool AddTrackParameters(TrackParametersChange change)
    {
        lock (_gate)
        {
            if (GetTrackParametersAt(change.Recording, change.Track, change.From) is { } current && current.Parameters == change.Parameters)
            {
                return false;
            }

            var p = change.Parameters;
            using var command = Command(
                $"INSERT INTO track_attributes (recording, track, from_ticks, {TrackParameterColumns}) VALUES ($r, $t, $f, $c, $w, $h, $fr, $sr, $ch, $b)",
                ("$r", change.Recording), ("$t", change.Track), ("$f", change.From.UtcTicks), ("$c", p.Codec), ("$w", p.Width), ("$h", p.Height),
                ("$fr", p.FrameRate), ("$sr", p.SampleRate), ("$ch", p.Channels), ("$b", p.BitrateKbps));
            command.ExecuteNonQuery();
            return true;
        }
    }

    /// <summary>
    /// The parameters of a track in force at <paramref name="at"/>: the latest change starting at or before it
    /// (an index seek on (recording, track, from_ticks)), or null when none was recorded.
    /// </summary>
    public TrackParametersChange? GetTrackParametersAt(string recording, string track, DateTimeOffset at)
    {
        lock (_gate)
        {
            using var command = Command(TrackParametersAtSql, ("$r", recording), ("$t", track), ("$at", at.UtcTicks));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadChange(recording, track, reader) : null;
        }
    }

    /// <summary>Every parameter change of a track, oldest first.</summary>
    public IReadOnlyList<TrackParametersChange> GetTrackParameterChanges(string recording, string track)
    {
        lock (_gate)
        {
            using var command = Command(
                $"SELECT from_ticks, {TrackParameterColumns} FROM track_attributes WHERE recording = $r AND track = $t ORDER BY from_ticks, id", ("$r", recording), ("$t", track));
            var rows = new List<TrackParametersChange>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(ReadChange(recording, track, reader));
            }

            return rows;
        }
    }

    private static TrackParametersChange ReadChange(string recording, string track, System.Data.Common.DbDataReader reader)
    {
        int? Int(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
        var parameters = new TrackParameters(
            reader.GetString(1),
            Int(2),
            Int(3),
            reader.IsDBNull(4) ? null : reader.GetDouble(4),
            Int(5),
            Int(6),
            Int(7));
        return new TrackParametersChange(recording, track, Utc(reader.GetInt64(0)), parameters);
    }
}
