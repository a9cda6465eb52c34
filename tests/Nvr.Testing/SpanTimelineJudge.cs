using System.Globalization;

namespace Nvr.Testing;

/// <summary>
/// Judges the time line of one span from the outside (Annex B B.3, B.4, B.5): ffprobe reads every segment's packets
/// (decode time and duration per stream, on the span's media time line, since each segment's tfdt continues it) and
/// the keys give each segment's first sample in UTC. One span is one mapping: the key of each segment must be the
/// previous key plus the media time between their first samples, every track must continue in segment n+1 where it
/// ended in segment n (no hole, no overlap), and the end object must be the end of the last sample.
/// </summary>
public static class SpanTimelineJudge
{
    /// <summary>What B.3 allows between consecutive segments: nothing but the millisecond precision of the keys.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// The violations (empty when the span is contiguous) of the span made of <paramref name="segments"/> (in order:
    /// key name, key time, file) and its end object (key name and time) if any.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IReadOnlyList<(string Key, DateTime Time, string File)> segments, (string Key, DateTime Time)? end)
    {
        var violations = new List<string>();
        var probes = new List<SegmentProbe>();
        foreach (var segment in segments)
        {
            probes.Add(await ProbeAsync(segment.File));
        }

        for (int n = 1; n < segments.Count; n++)
        {
            var (previous, next) = (probes[n - 1], probes[n]);
            var keyStep = segments[n].Time - segments[n - 1].Time;
            var mediaStep = TimeSpan.FromSeconds(next.Start - previous.Start);
            if ((keyStep - mediaStep).Duration() > Tolerance)
            {
                violations.Add($"{segments[n].Key}: its key is {keyStep.TotalMilliseconds:0.###} ms after the previous one, its first sample {mediaStep.TotalMilliseconds:0.###} ms of media later");
            }

            foreach (var (stream, (_, endOfTrack)) in previous.Tracks)
            {
                if (next.Tracks.TryGetValue(stream, out var following) && Math.Abs(following.First - endOfTrack) > Tolerance.TotalSeconds)
                {
                    violations.Add($"{segments[n].Key}: track {stream} starts {(following.First - endOfTrack) * 1000:0.###} ms after it ended in the previous segment");
                }
            }
        }

        if (end is { } endObject && probes.Count > 0)
        {
            var last = probes[^1];
            var expected = segments[^1].Time + TimeSpan.FromSeconds(last.End - last.Start);
            if ((endObject.Time - expected).Duration() > Tolerance)
            {
                violations.Add($"{endObject.Key}: {(endObject.Time - expected).TotalMilliseconds:0.###} ms away from the end of the last sample ({expected:O})");
            }
        }

        return violations;
    }

    private static async Task<SegmentProbe> ProbeAsync(string file)
    {
        var result = await TestTools.RunAsync("ffprobe",
            ["-v", "error", "-show_entries", "packet=stream_index,dts_time,duration_time", "-of", "csv=p=0", file], TimeSpan.FromMinutes(1));
        if (!string.IsNullOrWhiteSpace(result.Error))
        {
            throw new InvalidOperationException($"ffprobe {file}: {result.Error}");
        }

        var tracks = new Dictionary<int, (double First, double End)>();
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',');
            int stream = int.Parse(f[0], CultureInfo.InvariantCulture);
            double dts = double.Parse(f[1], CultureInfo.InvariantCulture);
            double end = dts + (f[2] == "N/A" ? 0 : double.Parse(f[2], CultureInfo.InvariantCulture)); // ffprobe leaves an AAC track's first duration out
            tracks[stream] = tracks.TryGetValue(stream, out var t) ? (Math.Min(t.First, dts), Math.Max(t.End, end)) : (dts, end);
        }

        if (tracks.Count == 0)
        {
            throw new InvalidOperationException($"ffprobe found no packet in {file}");
        }

        return new SegmentProbe(tracks.Values.Min(t => t.First), tracks.Values.Max(t => t.End), tracks);
    }

    private sealed record SegmentProbe(double Start, double End, Dictionary<int, (double First, double End)> Tracks);
}
