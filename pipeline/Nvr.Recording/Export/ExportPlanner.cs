using System.Globalization;
using Nvr.Storage.Index;

namespace Nvr.Recording.Export;

/// <summary>One stored segment object to read for an export, with its time range (all its tracks).</summary>
/// <param name="Stream">The span kind's extension of its key (<c>mp4</c>, <c>m4v</c>, <c>m4a</c>, <c>m4m</c>): objects of one stream follow each other in time.</param>
public sealed record ExportObject(string Storage, string Key, string Stream, DateTimeOffset Start, DateTimeOffset End, long Bytes);

/// <summary>
/// A continuous run of recorded data of one recording inside the requested range: exported as one file
/// <see cref="FileName"/>. <see cref="From"/>/<see cref="To"/> are the requested bounds clamped to the run.
/// </summary>
public sealed record ExportRun(string Recording, string FileName, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ExportObject> Objects)
{
    /// <summary>Bytes to read (the progress measure).</summary>
    public long Bytes => Objects.Sum(o => o.Bytes);
}

/// <summary>
/// Plans an export of one recording from its recorded-range index rows: the objects overlapping [from, to], cut into
/// continuous runs wherever the recording has a gap longer than <see cref="GapTolerance"/> (one file per run).
/// </summary>
public static class ExportPlanner
{
    /// <summary>A hole in the recorded data longer than this starts a new file.</summary>
    public static readonly TimeSpan GapTolerance = TimeSpan.FromSeconds(1);

    /// <summary>The runs of <paramref name="recording"/> between <paramref name="from"/> and <paramref name="to"/> (null: unbounded).</summary>
    public static IReadOnlyList<ExportRun> Plan(string recording, IEnumerable<RecordedSegment> rows, DateTimeOffset? from, DateTimeOffset? to)
    {
        var objects = rows
            .GroupBy(r => (r.StorageToken, r.Key))
            .Select(g => new ExportObject(g.Key.StorageToken, g.Key.Key, StreamOf(g.Key.Key), g.Min(r => r.Start), g.Max(r => r.End), g.First().Bytes))
            .Where(o => (from is null || o.End > from) && (to is null || o.Start <= to))
            .OrderBy(o => o.Start)
            .ThenBy(o => o.Key, StringComparer.Ordinal)
            .ToList();
        var runs = new List<ExportRun>();
        var current = new List<ExportObject>();
        DateTimeOffset coveredUntil = DateTimeOffset.MinValue;
        foreach (var o in objects)
        {
            if (current.Count > 0 && o.Start - coveredUntil > GapTolerance)
            {
                runs.Add(Run(recording, current, from, to));
                current = [];
            }

            current.Add(o);
            coveredUntil = current.Count == 1 || o.End > coveredUntil ? o.End : coveredUntil;
        }

        if (current.Count > 0)
        {
            runs.Add(Run(recording, current, from, to));
        }

        return runs;
    }

    /// <summary>The file name of a run starting at <paramref name="start"/>: <c>&lt;recording&gt;-&lt;UTC yyyyMMddTHHmmss.fffZ&gt;.mp4</c>.</summary>
    public static string FileNameOf(string recording, DateTimeOffset start, int part = 1)
    {
        var safe = new string(recording.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        var time = start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'.'fff'Z'", CultureInfo.InvariantCulture);
        return part == 1 ? $"{safe}-{time}.mp4" : $"{safe}-{time}-{part}.mp4";
    }

    private static ExportRun Run(string recording, List<ExportObject> objects, DateTimeOffset? from, DateTimeOffset? to)
    {
        var start = objects.Min(o => o.Start);
        var end = objects.Max(o => o.End);
        var runFrom = from is { } f && f > start ? f : start;
        var runTo = to is { } t && t < end ? t : end;
        return new ExportRun(recording, FileNameOf(recording, runFrom), runFrom, runTo, objects);
    }

    private static string StreamOf(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot < 0 ? string.Empty : key[(dot + 1)..];
    }
}
