using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;

namespace Nvr.Load.Harness;

/// <summary>
/// The appliance side of a run: starts <c>nvr</c> on a temporary data directory, creates N recordings + jobs with
/// auto-created receivers over SOAP (Example 1), configures each receiver to its camera, activates the jobs,
/// records, samples GetRecordingJobState latency, CPU and RSS, idles the jobs and judges the files.
/// </summary>
public sealed class ApplianceFleet(LoadOptions options, Func<int, string> cameraUri, TextWriter log)
{
    private static readonly XNamespace Tt = LoadSoapClient.Tt;
    private static readonly XNamespace Trc = LoadSoapClient.Trc;

    public async Task<FleetResult> RunAsync(CancellationToken cancellationToken)
    {
        var dataDir = Path.Combine(options.OutputDirectory, "appliance");
        Directory.CreateDirectory(dataDir);
        var statsFile = Path.Combine(options.OutputDirectory, "appliance-stats.txt");
        var port = FreePort();
        var limits = options.Cameras > 1000
            ? new[] { "--max-recordings", Count(options.Cameras), "--max-recording-jobs", Count(options.Cameras), "--max-receivers", Count(options.Cameras) }
            : [];
        // The appliance authenticates every SOAP call: its temporary data directory gets this administrator at first start.
        var user = options.AdminUser ?? "admin";
        var password = options.AdminPassword ?? "load-" + Guid.NewGuid().ToString("N");
        var credentials = new[] { "--admin-user", user, "--admin-password", password };
        var pacing = options.IngestReadMilliseconds is { } readMs ? new[] { "--ingest-read-ms", Count(readMs) } : [];
        using var appliance = ChildProcess.Start("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "nvr.dll"), "--data-dir", dataDir, "--urls", $"http://127.0.0.1:{port}", "--min-free-space", "0", "--discovery-port", "off", "--rtsp-port", "0", .. limits, .. credentials, .. pacing],
            new Dictionary<string, string> { ["NVR_STATS_FILE"] = statsFile });
        await appliance.WaitForLineAsync("ONVIF recording service", TimeSpan.FromMinutes(2));
        var idleRss = ProcessSampler.RssBytes(appliance.Pid);
        using var soap = new LoadSoapClient($"http://127.0.0.1:{port}", user, password);

        var setup = Stopwatch.StartNew();
        var jobs = new string[options.Cameras];
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Cameras), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var recording = (await soap.RecordingAsync("CreateRecording", RecordingConfiguration(i), ct)).Element(Trc + "RecordingToken")!.Value;
            var job = await soap.RecordingAsync("CreateRecordingJob",
                $"<trc:JobConfiguration><tt:RecordingToken>{recording}</tt:RecordingToken><tt:Mode>Idle</tt:Mode><tt:Priority>1</tt:Priority>" +
                "<tt:Source><tt:AutoCreateReceiver>true</tt:AutoCreateReceiver></tt:Source></trc:JobConfiguration>", ct);
            jobs[i] = job.Element(Trc + "JobToken")!.Value;
            var receiver = job.Element(Trc + "JobConfiguration")!.Descendants(Tt + "Token").First().Value;
            await soap.ReceiverAsync("ConfigureReceiver",
                $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken><trv:Configuration><tt:Mode>AutoConnect</tt:Mode><tt:MediaUri>{cameraUri(i)}</tt:MediaUri>" +
                "<tt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></tt:StreamSetup></trv:Configuration>", ct);
        });
        log.WriteLine($"appliance: {options.Cameras} recordings, jobs and receivers created over SOAP in {setup.Elapsed.TotalSeconds:F1} s");

        var idleCpuStart = ProcessSampler.CpuSeconds(appliance.Pid);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // the idle baseline: jobs exist, nothing records
        var idleCpuPerSecond = (ProcessSampler.CpuSeconds(appliance.Pid) - idleCpuStart) / 3;
        using var segments = new SegmentCloseWatcher(Path.Combine(dataDir, "recordings"));
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (job, ct) =>
            await soap.RecordingAsync("SetRecordingJobMode", $"<trc:JobToken>{job}</trc:JobToken><trc:Mode>Active</trc:Mode>", ct));
        var cpuStart = ProcessSampler.CpuSeconds(appliance.Pid);
        var statsStart = ProcessSampler.ReadStats(statsFile);
        var switchesStart = ProcessSampler.ContextSwitches(appliance.Pid);
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>();
        var states = new Dictionary<string, string>(StringComparer.Ordinal);
        long peakRss = 0;
        var nextProgress = TimeSpan.FromSeconds(2);
        var warming = options.WarmupSeconds > 0;
        for (var k = 0; warming || clock.Elapsed < TimeSpan.FromSeconds(options.Seconds); k++)
        {
            if (warming && clock.Elapsed >= TimeSpan.FromSeconds(options.WarmupSeconds)
                && (AllRecording(states, jobs.Length) || clock.Elapsed >= TimeSpan.FromSeconds(options.WarmupSeconds + 120)))
            {
                // the measured window starts now, after the connections and the JIT (the files are judged whole)
                warming = false;
                log.WriteLine($"appliance: warm-up done after {clock.Elapsed.TotalSeconds:F0} s ({states.Values.Count(v => v is "Active" or "PartiallyActive")} of {jobs.Length} jobs last seen recording), measuring {options.Seconds} s");
                cpuStart = ProcessSampler.CpuSeconds(appliance.Pid);
                statsStart = ProcessSampler.ReadStats(statsFile);
                switchesStart = ProcessSampler.ContextSwitches(appliance.Pid);
                clock.Restart();
                nextProgress = TimeSpan.FromSeconds(2);
            }

            var job = jobs[k % jobs.Length];
            var call = Stopwatch.StartNew();
            var state = await soap.RecordingAsync("GetRecordingJobState", $"<trc:JobToken>{job}</trc:JobToken>", cancellationToken);
            latencies.Add(call.Elapsed.TotalMilliseconds);
            states[job] = state.Element(Trc + "State")!.Element(Tt + "State")!.Value;
            peakRss = Math.Max(peakRss, ProcessSampler.RssBytes(appliance.Pid));
            if (clock.Elapsed >= nextProgress)
            {
                nextProgress += TimeSpan.FromSeconds(2);
                var cpu = (ProcessSampler.CpuSeconds(appliance.Pid) - cpuStart) / clock.Elapsed.TotalSeconds;
                log.WriteLine($"appliance: {clock.Elapsed.TotalSeconds,5:F0} s  cpu {cpu * 100,6:F1} %  rss {peakRss / 1e6,7:F1} MB  " +
                              $"states {string.Join(' ', states.Values.GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}"))}  segments closed {segments.Closed}");
            }

            await Task.Delay(200, cancellationToken); // sampling period, not synchronisation
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = ProcessSampler.CpuSeconds(appliance.Pid) - cpuStart;
        var switches = ProcessSampler.ContextSwitches(appliance.Pid) - switchesStart;
        var statsEnd = ProcessSampler.ReadStats(statsFile);
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (job, ct) =>
            await soap.RecordingAsync("SetRecordingJobMode", $"<trc:JobToken>{job}</trc:JobToken><trc:Mode>Idle</trc:Mode>", ct));
        await NoPartialSegmentsAsync(Path.Combine(dataDir, "recordings"), TimeSpan.FromSeconds(60));
        await appliance.StopAsync(TimeSpan.FromSeconds(30));

        var judgements = await JudgeAsync(Path.Combine(dataDir, "recordings", "load"), "*.mp4", cancellationToken);
        var result = new FleetResult("appliance", options.Cameras, seconds, cpuSeconds, peakRss, judgements, switches);
        latencies.Sort();
        result.Extra["soap_calls"] = Count(latencies.Count);
        result.Extra["soap_p50_ms"] = Format(Percentile(latencies, 0.50));
        result.Extra["soap_p99_ms"] = Format(Percentile(latencies, 0.99));
        result.Extra["rss_idle_mb"] = Format(idleRss / 1e6);
        result.Extra["cpu_idle_percent"] = Format(idleCpuPerSecond * 100);
        result.Extra["cpu_percent_per_camera_above_idle"] = Format((cpuSeconds - (idleCpuPerSecond * seconds)) / seconds / options.Cameras * 100);
        result.Extra["segment_close_p50_ms"] = Format(segments.LatencyPercentile(0.50));
        result.Extra["segment_close_p99_ms"] = Format(segments.LatencyPercentile(0.99));
        result.Extra["segments_closed"] = Count(segments.Closed);
        foreach (var (key, name) in new[] { ("gen0", "gc_gen0"), ("gen1", "gc_gen1"), ("gen2", "gc_gen2"), ("pauseMs", "gc_pause_ms"), ("syncs", "syncs") })
        {
            result.Extra[name] = Format(statsEnd.GetValueOrDefault(key) - statsStart.GetValueOrDefault(key));
        }

        result.Extra["syncs_per_s"] = Format((statsEnd.GetValueOrDefault("syncs") - statsStart.GetValueOrDefault("syncs")) / seconds);
        result.Extra["pool_work_items_per_s"] = Format((statsEnd.GetValueOrDefault("workItems") - statsStart.GetValueOrDefault("workItems")) / seconds);
        result.Extra["timers_active"] = Format(statsEnd.GetValueOrDefault("timers"));
        var frames = Math.Max(1, result.Frames);
        result.Extra["alloc_bytes_per_frame"] = Format((statsEnd.GetValueOrDefault("allocatedBytes") - statsStart.GetValueOrDefault("allocatedBytes")) / frames);
        result.Extra["disk_mb_per_s"] = Format(DirectoryBytes(Path.Combine(dataDir, "recordings")) / 1e6 / seconds);
        return result;
    }

    /// <summary>Every job was last seen recording (the warm-up also waits for the connections, at most 2 minutes more).</summary>
    private static bool AllRecording(Dictionary<string, string> states, int jobs) =>
        states.Count == jobs && states.Values.All(s => s is "Active" or "PartiallyActive");

    internal static async Task<IReadOnlyList<CameraJudgement>> JudgeAsync(string root, string pattern, CancellationToken cancellationToken)
    {
        var cameras = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories)
                .GroupBy(CameraOf).Where(g => g.Key >= 0).ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList())
            : [];
        // one ffprobe per file: at 1,000 cameras that is > 10,000 processes, so cameras are judged on every core at once
        var results = new System.Collections.Concurrent.ConcurrentBag<CameraJudgement>();
        await Parallel.ForEachAsync(cameras, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (camera, token) => results.Add(await SegmentJudge.JudgeAsync(camera.Key, camera.Value, token)));
        return results.OrderBy(r => r.Camera).ToList();
    }

    private static int CameraOf(string path)
    {
        var at = path.IndexOf("cam-", StringComparison.Ordinal);
        if (at < 0)
        {
            return -1;
        }

        var digits = new string(path[(at + 4)..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, CultureInfo.InvariantCulture, out var camera) ? camera : -1;
    }

    private string RecordingConfiguration(int camera) =>
        $"<trc:RecordingConfiguration><tt:Source><tt:SourceId>urn:nvr:load:cam-{camera}</tt:SourceId><tt:Name>cam-{camera}</tt:Name><tt:Location>load</tt:Location>" +
        $"<tt:Description>simulated camera {camera}</tt:Description><tt:Address>rtsp://127.0.0.1/cam/{camera}</tt:Address></tt:Source>" +
        "<tt:Content>load harness</tt:Content><tt:MaximumRetentionTime>PT1H</tt:MaximumRetentionTime>" +
        $"<tt:Target><tt:Storage>local</tt:Storage><tt:Format>MP4</tt:Format><tt:Prefix>load</tt:Prefix><tt:Postfix>cam-{camera}</tt:Postfix>" +
        $"<tt:SpanDuration>PT1H</tt:SpanDuration><tt:SegmentDuration>PT{options.SegmentSeconds}S</tt:SegmentDuration></tt:Target></trc:RecordingConfiguration>";

    private static async Task NoPartialSegmentsAsync(string root, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Directory.Exists(root) && Directory.EnumerateFiles(root, "*.partial", SearchOption.AllDirectories).Any() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200); // polling the external process's files with a deadline
        }
    }

    private static long DirectoryBytes(string root) =>
        Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
