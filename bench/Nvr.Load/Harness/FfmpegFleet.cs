using System.Diagnostics;
using System.Globalization;

namespace Nvr.Load.Harness;

/// <summary>
/// The comparison: what users run today, one <c>ffmpeg -rtsp_transport tcp -i URI -c copy -f segment</c> process per
/// camera, on the same simulator in the same run, measured the same way (CPU and RSS of all ffmpeg processes, files
/// judged by ffprobe). Segments are MPEG-TS (ffmpeg's segment muxer keeps timestamps continuous across them).
/// </summary>
public sealed class FfmpegFleet(LoadOptions options, Func<int, string> cameraUri, TextWriter log)
{
    public async Task<FleetResult> RunAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(options.OutputDirectory, "ffmpeg");
        var processes = new List<ChildProcess>();
        try
        {
            for (var i = 0; i < options.Cameras; i++)
            {
                var directory = Path.Combine(root, $"cam-{i}");
                Directory.CreateDirectory(directory);
                processes.Add(ChildProcess.Start("ffmpeg",
                [
                    "-hide_banner", "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp", "-i", cameraUri(i), "-map", "0", "-c", "copy",
                    "-f", "segment", "-segment_time", options.SegmentSeconds.ToString(CultureInfo.InvariantCulture), "-segment_format", "mpegts",
                    "-reset_timestamps", "0", Path.Combine(directory, "%05d.ts"),
                ]));
            }

            var pids = processes.Select(p => p.Pid).ToArray();
            var cpuStart = ProcessSampler.CpuSeconds(pids);
            var switchesStart = ProcessSampler.ContextSwitches(pids);
            var clock = Stopwatch.StartNew();
            long peakRss = 0;
            var nextProgress = TimeSpan.FromSeconds(2);
            var warming = options.WarmupSeconds > 0;
            while (warming || clock.Elapsed < TimeSpan.FromSeconds(options.Seconds))
            {
                if (warming && clock.Elapsed >= TimeSpan.FromSeconds(options.WarmupSeconds))
                {
                    warming = false; // the measured window starts after the N process start-ups, as for the appliance
                    log.WriteLine($"ffmpeg:    warm-up of {options.WarmupSeconds} s done, measuring {options.Seconds} s");
                    cpuStart = ProcessSampler.CpuSeconds(pids);
                    switchesStart = ProcessSampler.ContextSwitches(pids);
                    clock.Restart();
                    nextProgress = TimeSpan.FromSeconds(2);
                }

                peakRss = Math.Max(peakRss, ProcessSampler.RssBytes(pids));
                if (clock.Elapsed >= nextProgress)
                {
                    nextProgress += TimeSpan.FromSeconds(2);
                    var cpu = (ProcessSampler.CpuSeconds(pids) - cpuStart) / clock.Elapsed.TotalSeconds;
                    log.WriteLine($"ffmpeg:    {clock.Elapsed.TotalSeconds,5:F0} s  cpu {cpu * 100,6:F1} %  rss {peakRss / 1e6,7:F1} MB  running {processes.Count(p => !p.HasExited)}");
                }

                await Task.Delay(200, cancellationToken); // sampling period, not synchronisation
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = ProcessSampler.CpuSeconds(pids) - cpuStart;
            var switches = ProcessSampler.ContextSwitches(pids) - switchesStart;
            await Task.WhenAll(processes.Select(p => p.StopAsync(TimeSpan.FromSeconds(20))));
            var judgements = await ApplianceFleet.JudgeAsync(root, "*.ts", cancellationToken);
            var result = new FleetResult("ffmpeg", options.Cameras, seconds, cpuSeconds, peakRss, judgements, switches);
            result.Extra["exited_early"] = processes.Count(p => p.Lines.Count > 0).ToString(CultureInfo.InvariantCulture);
            return result;
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }
}
