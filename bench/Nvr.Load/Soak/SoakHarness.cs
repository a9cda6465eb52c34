using System.Diagnostics;
using System.Globalization;
using Nvr.Load.Harness;
using Nvr.Storage.Configuration;
using Nvr.Storage.S3;

namespace Nvr.Load.Soak;

/// <summary>
/// The crash soak (issue 17, part 2): N simulated cameras recorded by the appliance, even ones to local disk, odd ones
/// to s3rver through the spool; the appliance is SIGKILLed K times at moments drawn from a seeded RNG and restarted each
/// time. After every restart, from outside: the configuration read over SOAP is identical, recovery cut every open
/// segment to its durable length (or removed it), every complete object probes clean, the spool's objects reach the
/// bucket, every camera records again in a new span, and the recorded-range index (FindEvents) equals the storages.
/// </summary>
public sealed class SoakHarness(SoakOptions options, TextWriter log)
{
    private readonly Random _random = new(options.Seed);
    private readonly SoakReport _report = new() { Seed = options.Seed, Cameras = options.Cameras };
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private SoakDiagnostics? _diagnostics;

    public static async Task<int> RunAsync(SoakOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var report = await new SoakHarness(options, log).SoakAsync(cancellationToken);
        if (report.Clean && !report.Interrupted && !options.Keep)
        {
            Directory.Delete(options.OutputDirectory, recursive: true);
        }

        return !report.Clean ? 1 : report.Interrupted ? 2 : 0;
    }

    public async Task<SoakReport> SoakAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        Say($"nvr-load soak: seed {options.Seed}, {options.Cameras} cameras (even: local, odd: S3), {options.Kills} kills, segments {options.SegmentSeconds} s, output {options.OutputDirectory}");
        await using var s3 = await S3Peer.StartAsync(S3Peer.FindPeersDirectory(options.PeersDirectory), options.OutputDirectory);
        using var simulator = ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "nvr-load.dll"), "simulate", "--cameras", Count(options.Cameras), "--port", "0"], redirectInput: true);
        var ready = await simulator.WaitForLineAsync("listening rtsp://", TimeSpan.FromMinutes(1));
        var cameraPort = int.Parse(ready[(ready.LastIndexOf(':') + 1)..].Split('/')[0], CultureInfo.InvariantCulture);

        var dataDirectory = Path.Combine(options.OutputDirectory, "appliance");
        var password = "soak-" + Guid.NewGuid().ToString("N");
        _diagnostics = new SoakDiagnostics(dataDirectory, Path.Combine(options.OutputDirectory, "appliance.log"));
        using var appliance = new SoakAppliance(dataDirectory, S3Peer.FreePort(), "admin", password, s3.StorageUri, _diagnostics);
        var s3Configuration = (S3StorageConfiguration)StorageUriParser.Parse("s3", s3.StorageUri);
        using var s3Client = S3ClientFactory.Create(s3Configuration, TimeSpan.FromSeconds(30));
        var storage = new StoredObjects(Path.Combine(dataDirectory, "recordings"), Path.Combine(dataDirectory, "spool", "s3"), s3Client, s3Configuration.Bucket);
        var scratch = Path.Combine(options.OutputDirectory, "scratch");
        Directory.CreateDirectory(scratch);
        var checks = new ObjectChecks(storage, _report, scratch, log);

        await appliance.StartAsync(options.Patience);
        using var soap = new LoadSoapClient(appliance.BaseUrl, "admin", password);
        var configuration = new SoakConfiguration(soap, appliance.BaseUrl);
        var since = DateTimeOffset.UtcNow;
        await configuration.CreateAsync(options.Cameras, options.SegmentSeconds, i => $"rtsp://127.0.0.1:{cameraPort}/cam/{i}", cancellationToken);
        var expected = await configuration.SnapshotAsync(cancellationToken);
        Say($"created {options.Cameras} recordings, jobs and receivers, a schedule and a user over SOAP");
        var soakStart = since;
        var lastKill = since;
        var resumed = false;
        try
        {
            for (var k = 1; k <= options.Kills && _report.Clean; k++)
            {
                var early = _random.NextDouble() < options.EarlyKillShare;
                if (!early && !resumed)
                {
                    await ResumeAndCheckAsync(configuration, storage, checks, soap, soakStart, lastKill, cancellationToken);
                    resumed = true;
                }

                var delay = TimeSpan.FromSeconds(_random.NextDouble() * (early ? 2 : options.MaxKillDelaySeconds));
                await Task.Delay(delay, cancellationToken); // the random kill moment, not synchronisation
                lastKill = DateTimeOffset.UtcNow;
                await appliance.KillAsync();
                _report.EarlyKills += early ? 1 : 0;
                var open = storage.OpenSegments();
                await checks.VerifyRecoveriesAsync(open, cancellationToken);
                checks.NoteOpenSegments(open);
                await checks.RefreshAsync(cancellationToken);
                await appliance.StartAsync(options.Patience);
                resumed = false;
                _report.Restarts++;
                var snapshot = await configuration.SnapshotAsync(cancellationToken);
                if (snapshot != expected)
                {
                    _report.Violation($"restart {k}: the configuration read over SOAP differs:\nexpected {expected}\nactual   {snapshot}");
                }

                Say($"kill {k,3}/{options.Kills} {(early ? "early" : "     ")} after {delay.TotalSeconds:F2} s: {open.Count} open segments " +
                    $"({open.Count(o => o.DurableLength > 0)} with durable fragments), {checks.Segments.Count} objects checked, violations {_report.Violations.Count}");
            }

            if (_report.Clean)
            {
                await ResumeAndCheckAsync(configuration, storage, checks, soap, soakStart, lastKill, cancellationToken);
                await DrainAndCheckAsync(configuration, storage, checks, soap, soakStart, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _report.Interrupted = true; // Ctrl+C: the summary covers the kills done so far
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException or HttpRequestException or Amazon.Runtime.AmazonServiceException)
        {
            _report.Violation($"soak aborted: {e.GetType().Name}: {e.Message}\nappliance: {appliance.Tail(30)}");
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await appliance.KillAsync(); // the process may be given only a moment to clean up
            }
            else
            {
                await appliance.StopAsync();
            }

            simulator.CloseInput();
            await simulator.StopAsync(TimeSpan.FromSeconds(10));
        }

        if (_report.Clean && !_report.Interrupted)
        {
            checks.VerifyLocalHashes();
        }

        _report.Duration = _clock.Elapsed;
        Summary(checks);
        return _report;
    }

    /// <summary>
    /// After a restart: every open segment of earlier kills recovered (or removed), everything the spool held at the
    /// kill uploaded, every camera recording in a new span begun after the kill, then the index equal to the storages.
    /// </summary>
    private async Task ResumeAndCheckAsync(SoakConfiguration configuration, StoredObjects storage, ObjectChecks checks, LoadSoapClient soap,
        DateTimeOffset soakStart, DateTimeOffset lastKill, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + options.Patience;
        var resumedAt = new Dictionary<int, DateTimeOffset>();
        while (true)
        {
            var pending = await checks.VerifyRecoveriesAsync(storage.OpenSegments(), cancellationToken);
            var spool = storage.Files(ObjectPlace.Spool).Where(o => o.Parsed.Time < lastKill).ToList();
            var newSpans = storage.Files(ObjectPlace.Local).Concat(storage.Files(ObjectPlace.Spool)).Concat(await storage.BucketAsync(cancellationToken))
                .Where(o => o.Parsed.Counter == 0 && !o.Parsed.IsSpanEnd && o.Parsed.Time > lastKill)
                .GroupBy(o => CameraOf(o.Key)).ToDictionary(g => g.Key, g => g.Min(o => o.Parsed.Time));
            if (pending == 0 && spool.Count == 0 && Enumerable.Range(0, options.Cameras).All(newSpans.ContainsKey))
            {
                foreach (var (camera, time) in newSpans)
                {
                    resumedAt[camera] = time;
                }

                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                await checks.RefreshAsync(cancellationToken);
                _report.Violation($"after the kill at {IndexCheck.Utc(lastKill)}: within {options.Patience.TotalSeconds} s {pending} open segments not recovered, " +
                                  $"{spool.Count} spooled objects not uploaded, cameras without a new span: {string.Join(",", Enumerable.Range(0, options.Cameras).Where(c => !newSpans.ContainsKey(c)))}" +
                                  string.Concat(Enumerable.Range(0, options.Cameras).Where(c => !newSpans.ContainsKey(c)).Select(c => "\n" + Explain(configuration, checks, c))));
                return;
            }

            await Task.Delay(250, cancellationToken); // polling another process's files and the bucket, with a deadline
        }

        if (lastKill > soakStart)
        {
            _report.ResumeSeconds.AddRange(resumedAt.Values.Select(t => (t - lastKill).TotalSeconds));
        }

        await checks.RefreshAsync(cancellationToken);
        await CompareIndexAsync(configuration, checks, soap, soakStart, lastKill, cancellationToken);
    }

    /// <summary>At the end: jobs idle, every span closed, the spool empty, the index equal to the storages with every run closed.</summary>
    private async Task DrainAndCheckAsync(SoakConfiguration configuration, StoredObjects storage, ObjectChecks checks, LoadSoapClient soap,
        DateTimeOffset soakStart, CancellationToken cancellationToken)
    {
        foreach (var job in configuration.Jobs)
        {
            await soap.RecordingAsync("SetRecordingJobMode", $"<trc:JobToken>{job}</trc:JobToken><trc:Mode>Idle</trc:Mode>", cancellationToken);
        }

        // SetRecordingJobMode answers before the session has closed its span, and between two segments no .partial
        // exists: the drain is over only when every camera's newest object is its span's end object (B.5).
        var deadline = DateTime.UtcNow + options.Patience;
        while (storage.OpenSegments().Count > 0 || storage.Files(ObjectPlace.Spool).Count > 0 || await SpansStillOpenAsync(storage, cancellationToken) is { Count: > 0 })
        {
            if (DateTime.UtcNow > deadline)
            {
                _report.Violation($"after Idle: {storage.OpenSegments().Count} segments still open, {storage.Files(ObjectPlace.Spool).Count} objects still spooled, " +
                                  $"cameras whose newest object is not a span end: {string.Join(",", await SpansStillOpenAsync(storage, cancellationToken))} after {options.Patience.TotalSeconds} s");
                return;
            }

            await Task.Delay(250, cancellationToken); // polling with a deadline
        }

        await checks.RefreshAsync(cancellationToken);
        await CompareIndexAsync(configuration, checks, soap, soakStart, DateTimeOffset.UtcNow, cancellationToken);
        foreach (var camera in Enumerable.Range(0, options.Cameras).Where(c => SoakConfiguration.StorageOf(c) == "s3"))
        {
            var uploads = (await storage.BucketAsync(cancellationToken)).Where(o => CameraOf(o.Key) == camera && !o.Parsed.IsSpanEnd)
                .OrderBy(o => o.Parsed.Time).ThenBy(o => o.Parsed.Counter).ToList();
            foreach (var (earlier, later) in uploads.Zip(uploads.Skip(1)).Where(p => p.Item2.LastModified < p.Item1.LastModified))
            {
                _report.Violation($"spool order: {later.Key} was uploaded ({later.LastModified:O}) before the earlier {earlier.Key} ({earlier.LastModified:O})");
            }
        }
    }

    /// <summary>The cameras whose newest object (local, spooled or uploaded) is not a span end object.</summary>
    private async Task<List<int>> SpansStillOpenAsync(StoredObjects storage, CancellationToken cancellationToken)
    {
        var newest = storage.Files(ObjectPlace.Local).Concat(storage.Files(ObjectPlace.Spool)).Concat(await storage.BucketAsync(cancellationToken))
            .GroupBy(o => CameraOf(o.Key)).ToDictionary(g => g.Key, g => g.MaxBy(o => (o.Parsed.Time, o.Parsed.IsSpanEnd))!);
        return [.. Enumerable.Range(0, options.Cameras).Where(c => !newest.TryGetValue(c, out var o) || !o.Parsed.IsSpanEnd)];
    }

    /// <summary>The index over SOAP equals the storages' runs before <paramref name="until"/> (retried while the index worker catches up).</summary>
    private async Task CompareIndexAsync(SoakConfiguration configuration, ObjectChecks checks, LoadSoapClient soap,
        DateTimeOffset soakStart, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<string> differences;
        do
        {
            differences = [];
            var index = await IndexCheck.IndexRunsAsync(soap, configuration.SearchService, soakStart.AddMinutes(-1), until, cancellationToken);
            for (var camera = 0; camera < options.Cameras; camera++)
            {
                var recording = configuration.Recordings[camera];
                var runs = IndexCheck.StorageRuns(checks.Segments.Values.Where(s => CameraOf(s.Key) == camera), until);
                differences.AddRange(IndexCheck.Compare(recording, index.GetValueOrDefault(recording) ?? [], runs));
                differences.AddRange(IndexCheck.SpanViolations(recording, runs));
            }

            if (differences.Count == 0)
            {
                _report.IndexChecks++;
                return;
            }

            await Task.Delay(500, cancellationToken); // the index worker writes asynchronously; re-read with a deadline
        }
        while (DateTime.UtcNow < deadline);
        differences.ForEach(_report.Violation);
        foreach (var camera in Enumerable.Range(0, options.Cameras).Where(c => differences.Exists(d => d.StartsWith(configuration.Recordings[c] + ":", StringComparison.Ordinal))))
        {
            _report.Violation(Explain(configuration, checks, camera));
        }
    }

    private string Explain(SoakConfiguration configuration, ObjectChecks checks, int camera) =>
        _diagnostics?.Explain(configuration.Recordings[camera], camera, checks.Segments.Values.Where(s => CameraOf(s.Key) == camera)) ?? string.Empty;

    private void Summary(ObjectChecks checks)
    {
        var resume = _report.ResumeSeconds.Order().ToList();
        Say($"nvr-load soak: seed {_report.Seed}, {_report.Cameras} cameras, {_report.Restarts} restarts survived ({_report.EarlyKills} early kills), {_report.Duration.TotalMinutes:F1} min");
        Say($"  objects checked: {_report.LocalSegmentsChecked} local segments, {_report.S3ObjectsChecked} S3 objects (ffprobe), index comparisons {_report.IndexChecks}");
        Say($"  open segments at kills: {_report.RecoveredSegments} recovered to their durable length, {_report.DroppedPartials} without a durable fragment removed, {_report.BytesCut} bytes cut");
        if (resume.Count > 0)
        {
            Say($"  recording gap per kill (kill → first sample of the new span): median {resume[resume.Count / 2]:F1} s, max {resume[^1]:F1} s");
        }

        Say($"  largest |media − Duration| of a complete segment: {checks.MaxDurationDeviationMs:F1} ms");
        if (_report.Interrupted)
        {
            Say($"  INTERRUPTED after {_report.Restarts} of {options.Kills} kills (the checks above cover those)");
        }

        Say(_report.Clean ? "  violations: none" : $"  VIOLATIONS: {_report.Violations.Count}");
        foreach (var violation in _report.Violations.Take(40))
        {
            Say("  - " + violation);
        }
    }

    private static int CameraOf(string key)
    {
        var at = key.IndexOf("/cam-", StringComparison.Ordinal);
        return at < 0 ? -1 : int.Parse(new string(key[(at + 5)..].TakeWhile(char.IsAsciiDigit).ToArray()), CultureInfo.InvariantCulture);
    }

    private void Say(string text)
    {
        lock (log)
        {
            log.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:F1}] {text}");
            log.Flush();
        }
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
