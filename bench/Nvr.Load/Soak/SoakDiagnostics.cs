using System.Globalization;
using Nvr.Storage.Index;

namespace Nvr.Load.Soak;

/// <summary>
/// What a violation report needs to be acted on without a rerun: the index rows and the stored segments of one camera
/// around a moment, side by side, and the appliance's lines about that camera (every start's output is kept in
/// <c>appliance.log</c> beside the data directory).
/// </summary>
public sealed class SoakDiagnostics(string dataDirectory, string applianceLog)
{
    private readonly Lock _log = new(); // the appliance's stdout and stderr readers append concurrently

    public string ApplianceLog => applianceLog;

    /// <summary>Appends one line the appliance printed (called from its output readers).</summary>
    public void Append(int start, string line)
    {
        lock (_log)
        {
            File.AppendAllText(applianceLog, $"[{start}] {DateTime.UtcNow:HH:mm:ss.fff} {line}\n");
        }
    }

    /// <summary>The last <paramref name="rows"/> index rows and stored segments of a camera, and its last log lines.</summary>
    public string Explain(string recording, int camera, IEnumerable<CheckedSegment> stored, int rows = 8)
    {
        var text = new List<string>();
        try
        {
            using var index = new RecordedRangeIndex(Path.Combine(dataDirectory, "index.db"));
            var indexed = index.GetRecordingSegments(recording).GroupBy(r => r.Key).Select(g => (g.Key, Start: g.Min(r => r.Start), End: g.Max(r => r.End), Tracks: g.Count())).ToList();
            text.Add($"  index rows of {recording} (last {rows} of {indexed.Count} objects):");
            text.AddRange(indexed.TakeLast(rows).Select(r => $"    {IndexCheck.Utc(r.Start)}..{IndexCheck.Utc(r.End)} {r.Tracks} tracks {r.Key}"));
        }
        catch (Exception e) when (e is IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            text.Add($"  index of {recording} unreadable: {e.Message}");
        }

        var segments = stored.OrderBy(s => s.Start).ToList();
        text.Add($"  stored segments of camera {camera} (last {rows} of {segments.Count}):");
        text.AddRange(segments.TakeLast(rows).Select(s => $"    {IndexCheck.Utc(s.Start)}..{IndexCheck.Utc(s.End)} {s.Place}{(s.Recovered ? " recovered" : string.Empty)} {s.Length} B {s.Key}"));
        var mark = $"cam-{camera.ToString(CultureInfo.InvariantCulture)}";
        var lines = File.Exists(applianceLog)
            ? File.ReadLines(applianceLog).Where(l => l.Contains(recording, StringComparison.Ordinal) || l.Contains(mark, StringComparison.Ordinal) || l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(rows).ToList()
            : [];
        text.Add($"  appliance lines about {recording}/{mark} (last {lines.Count}; all in {applianceLog}):");
        text.AddRange(lines.Select(l => "    " + (l.Length > 300 ? l[..300] : l)));
        return string.Join("\n", text);
    }
}
