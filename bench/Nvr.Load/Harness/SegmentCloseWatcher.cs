using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Nvr.Load.Harness;

/// <summary>
/// Segment close latency seen from outside: when a segment file appears under its key (the rename of
/// <c>.partial</c>), latency = that moment − (UTC of the key + the segment's Duration from its sidecar). The key's
/// UTC comes from the camera's RTCP sender reports, which the simulator stamps with this machine's clock.
/// </summary>
public sealed class SegmentCloseWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly ConcurrentQueue<(string Path, DateTime SeenUtc)> _closed = new();

    public SegmentCloseWatcher(string root)
    {
        Directory.CreateDirectory(root);
        _watcher = new FileSystemWatcher(root) { IncludeSubdirectories = true, InternalBufferSize = 1 << 16 };
        _watcher.Renamed += (_, e) =>
        {
            if (e.FullPath.EndsWith(".mp4", StringComparison.Ordinal))
            {
                _closed.Enqueue((e.FullPath, DateTime.UtcNow));
            }
        };
        _watcher.EnableRaisingEvents = true;
    }

    public int Closed => _closed.Count;

    public double LatencyPercentile(double p)
    {
        var latencies = _closed.Select(c => Latency(c.Path, c.SeenUtc)).OfType<double>().Order().ToList();
        return latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(p * latencies.Count))];
    }

    public void Dispose() => _watcher.Dispose();

    /// <summary>.../YYYY-MM-DD/postfix/HH/MM-SS.fffZ.N.mp4 and its .meta.json Duration (xs:duration).</summary>
    private static double? Latency(string path, DateTime seenUtc)
    {
        try
        {
            var name = Path.GetFileName(path);
            var hourDir = Path.GetDirectoryName(path)!;
            var day = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(hourDir))!);
            var utc = DateTime.ParseExact($"{day} {Path.GetFileName(hourDir)}:{name[..2]}:{name[3..9]}", "yyyy-MM-dd HH:mm:ss.fff",
                CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            using var sidecar = JsonDocument.Parse(File.ReadAllText(path + ".meta.json"));
            var duration = FindDuration(sidecar.RootElement);
            return duration is null ? null : (seenUtc - (utc + duration.Value)).TotalMilliseconds;
        }
        catch (Exception e) when (e is IOException or FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static TimeSpan? FindDuration(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "Duration" && property.Value.ValueKind == JsonValueKind.String)
                {
                    return System.Xml.XmlConvert.ToTimeSpan(property.Value.GetString()!);
                }

                if (FindDuration(property.Value) is { } nested)
                {
                    return nested;
                }
            }
        }

        return null;
    }
}
