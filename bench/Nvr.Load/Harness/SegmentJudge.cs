using System.Diagnostics;
using System.Globalization;

namespace Nvr.Load.Harness;

/// <summary>What ffprobe finds in one camera's files: video frames, frames missing from the DTS run, failed files.</summary>
public sealed record CameraJudgement(int Camera, int Segments, long Frames, long Lost, int FailedSegments, string? FirstFailure);

/// <summary>
/// Judges recorded files with ffprobe: every file must probe without error; the video DTS run inside each file and
/// across consecutive files (where their timestamps continue) must have no hole larger than 1.5 frame intervals
/// (each hole counts as the frames it misses). Frames before the first key frame are not expected (joining mid-stream).
/// </summary>
public static class SegmentJudge
{
    public static async Task<CameraJudgement> JudgeAsync(int camera, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        long frames = 0, lost = 0;
        var failed = 0;
        string? firstFailure = null;
        double? previousLast = null;
        double interval = 0.04;
        foreach (var file in files)
        {
            var (code, output, error) = await RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts_time", "-of", "csv=p=0", file], cancellationToken);
            var dts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => double.TryParse(l.TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : double.NaN)
                .Where(t => !double.IsNaN(t)).ToArray();
            if (code != 0 || error.Trim().Length > 0 || dts.Length == 0)
            {
                failed++;
                firstFailure ??= $"{file}: exit {code} {error.Trim()} ({dts.Length} frames)";
                previousLast = null;
                continue;
            }

            frames += dts.Length;
            if (dts.Length > 1)
            {
                interval = dts.Zip(dts.Skip(1), (a, b) => b - a).Order().ElementAt((dts.Length - 1) / 2);
            }

            if (previousLast is { } last && dts[0] > last)
            {
                lost += Missing(dts[0] - last, interval);
            }

            for (var i = 1; i < dts.Length; i++)
            {
                lost += Missing(dts[i] - dts[i - 1], interval);
            }

            previousLast = dts[^1];
        }

        return new CameraJudgement(camera, files.Count, frames, lost, failed, firstFailure);
    }

    private static long Missing(double gap, double interval) =>
        interval > 0 && gap > interval * 1.5 ? (long)Math.Round(gap / interval) - 1 : 0;

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
