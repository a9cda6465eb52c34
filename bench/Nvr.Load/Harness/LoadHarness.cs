using System.Globalization;
using System.Text;
using Nvr.Load.Simulation;

namespace Nvr.Load.Harness;

/// <summary>
/// One run: the camera simulator as its own process, then the appliance recording N cameras, then N ffmpeg
/// processes recording the same N streams, and the ratio table. Exit code 1 when the appliance lost a frame, a
/// segment failed ffprobe or a camera left no file (the CI check); ffmpeg's losses are reported, not judged.
/// </summary>
public static class LoadHarness
{
    public static async Task<int> RunAsync(LoadOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var results = await MeasureAsync(options, log, cancellationToken);
        var failed = results.Where(r => !r.Clean).ToList(); // both fleets are reported; only the appliance decides the exit status
        foreach (var result in failed)
        {
            log.WriteLine($"nvr-load: FAIL {result.Name}: lost {result.Lost} frames, {result.FailedSegments} segments failed ffprobe, {options.Cameras - result.Judgements.Count(j => j.Segments > 0)} cameras without files");
            foreach (var judgement in result.Judgements.Where(j => j.Lost > 0 || j.FailedSegments > 0).Take(10))
            {
                log.WriteLine($"  cam-{judgement.Camera}: {judgement.Frames} frames, {judgement.Lost} lost, {judgement.FailedSegments} failed {judgement.FirstFailure}");
            }
        }

        var applianceClean = results[0].Clean;
        if (!options.Keep && failed.Count == 0)
        {
            Directory.Delete(options.OutputDirectory, recursive: true);
        }

        return applianceClean ? 0 : 1;
    }

    /// <summary>Runs the fleets and prints the table; the files stay in <see cref="LoadOptions.OutputDirectory"/>.</summary>
    public static async Task<IReadOnlyList<FleetResult>> MeasureAsync(LoadOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        log.WriteLine($"nvr-load: {options.Cameras} cameras, {options.WarmupSeconds} s warm-up + {options.Seconds} s measured, segments {options.SegmentSeconds} s, output {options.OutputDirectory}");
        using var simulator = ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "nvr-load.dll"), "simulate", "--cameras", Count(options.Cameras), "--port", "0"], redirectInput: true);
        var ready = await simulator.WaitForLineAsync("listening rtsp://", TimeSpan.FromMinutes(1));
        var port = int.Parse(ready[(ready.LastIndexOf(':') + 1)..].Split('/')[0], CultureInfo.InvariantCulture);
        string Uri(int camera) => $"rtsp://127.0.0.1:{port}/cam/{camera}";
        var simulatorCpuStart = ProcessSampler.CpuSeconds(simulator.Pid);
        var simulatorClock = System.Diagnostics.Stopwatch.StartNew();

        var results = new List<FleetResult> { await new ApplianceFleet(options, Uri, log).RunAsync(cancellationToken) };
        var simulatorShare = (ProcessSampler.CpuSeconds(simulator.Pid) - simulatorCpuStart) / simulatorClock.Elapsed.TotalSeconds / options.Cameras;
        if (options.Ffmpeg)
        {
            results.Add(await new FfmpegFleet(options, Uri, log).RunAsync(cancellationToken));
        }

        var simulatorRss = ProcessSampler.RssBytes(simulator.Pid);
        simulator.CloseInput();
        await simulator.StopAsync(TimeSpan.FromSeconds(10));
        log.WriteLine(Table(results, simulatorShare, simulatorRss));
        if (options.CsvFile is { } csv)
        {
            AppendCsv(csv, results);
        }

        return results;
    }

    private static string Table(List<FleetResult> results, double simulatorCpuPerCamera, long simulatorRss)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-26}{string.Join("", results.Select(r => $"{r.Name,16}"))}{(results.Count == 2 ? $"{"ratio",10}" : "")}");
        void Row(string name, Func<FleetResult, double> value, string format)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name,-26}");
            foreach (var result in results)
            {
                text.Append(CultureInfo.InvariantCulture, $"{value(result).ToString(format, CultureInfo.InvariantCulture),16}");
            }

            if (results.Count == 2 && value(results[1]) != 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{(value(results[0]) / value(results[1])).ToString("F3", CultureInfo.InvariantCulture),10}");
            }

            text.AppendLine();
        }

        Row("cpu % of a core / camera", r => r.CpuPerCameraSecond * 100, "F3");
        Row("cpu s / camera-minute", r => r.CpuPerCameraSecond * 60, "F4");
        Row("ctx switches / camera-s", r => r.ContextSwitchesPerCameraSecond, "F1");
        Row("rss MB / camera", r => r.RssPerCamera / 1e6, "F2");
        Row("rss MB total", r => r.RssBytes / 1e6, "F1");
        Row("frames written", r => r.Frames, "F0");
        Row("frames lost", r => r.Lost, "F0");
        Row("segments failing ffprobe", r => r.FailedSegments, "F0");
        foreach (var (key, value) in results[0].Extra)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{results[0].Name + " " + key,-42}{value,16}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{"simulator cpu % / camera",-26}{simulatorCpuPerCamera * 100,16:F3}   (rss {simulatorRss / 1e6:F1} MB)");
        return text.ToString();
    }

    private static void AppendCsv(string path, List<FleetResult> results)
    {
        var header = !File.Exists(path);
        using var writer = new StreamWriter(path, append: true);
        if (header)
        {
            writer.WriteLine("fleet,cameras,seconds,cpu_percent_per_camera,rss_mb_total,rss_mb_per_camera,frames,lost,failed_segments,ctx_switches_per_camera_second");
        }

        foreach (var r in results)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name},{r.Cameras},{r.Seconds:F1},{r.CpuPerCameraSecond * 100:F4},{r.RssBytes / 1e6:F1},{r.RssPerCamera / 1e6:F2},{r.Frames},{r.Lost},{r.FailedSegments},{r.ContextSwitchesPerCameraSecond:F1}"));
        }
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
