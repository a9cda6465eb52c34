using System.Diagnostics;
using System.Globalization;

namespace Nvr.Load.Soak;

/// <summary>What ffprobe finds in one segment: clean or not, frames, and the media time it spans (all streams).</summary>
public sealed record ProbeResult(bool Clean, int Packets, double MediaSeconds, string Error);

/// <summary>The judge of a segment: ffprobe reads every packet; any error output, a non-zero exit or no packet is a failure.</summary>
public static class MediaProbe
{
    public static async Task<ProbeResult> ProbeAsync(string file, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ffprobe", ["-v", "error", "-show_entries", "packet=stream_index,pts_time,duration_time", "-of", "csv=p=0", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ffprobe");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var first = new Dictionary<int, double>();
        var last = new Dictionary<int, double>();
        var packets = 0;
        foreach (var line in (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',');
            if (fields.Length < 3 || !int.TryParse(fields[0], CultureInfo.InvariantCulture, out var stream) ||
                !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pts))
            {
                continue;
            }

            var duration = double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0;
            packets++;
            first[stream] = Math.Min(first.GetValueOrDefault(stream, double.MaxValue), pts);
            last[stream] = Math.Max(last.GetValueOrDefault(stream, double.MinValue), pts + duration);
        }

        var errorText = (await error).Trim();
        var media = packets == 0 ? 0 : last.Values.Max() - first.Values.Min();
        return new ProbeResult(process.ExitCode == 0 && errorText.Length == 0 && packets > 0, packets, media,
            process.ExitCode == 0 && errorText.Length == 0 && packets > 0 ? string.Empty : $"exit {process.ExitCode}, {packets} packets: {errorText}");
    }
}
