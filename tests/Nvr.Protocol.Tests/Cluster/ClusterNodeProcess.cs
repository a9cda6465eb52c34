using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests.Cluster;

/// <summary>
/// One appliance process in cluster mode on 127.0.0.1 (its own HTTP and remoting ports and data directory): its log
/// is kept and can be awaited line by line; its recorded-range index (DATA/index.db) tells which segments this node
/// wrote. Killed with SIGKILL (no shutdown code runs), or stopped with the rest on dispose.
/// </summary>
public sealed class ClusterNodeProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waits = [];
    private readonly List<string> _previous = [];
    private Process? _process;

    public ClusterNodeProcess(int number, string root)
    {
        Number = number;
        DataDirectory = Path.Combine(root, $"node{number}");
        Directory.CreateDirectory(DataDirectory);
    }

    public int Number { get; }

    public int HttpPort { get; } = TestTools.FreeTcpPort();

    public int ClusterPort { get; } = TestTools.FreeTcpPort();

    public string DataDirectory { get; }

    public string Seed => $"127.0.0.1:{ClusterPort.ToString(CultureInfo.InvariantCulture)}";

    public string ServiceUrl(string service) => $"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/onvif/{service}";

    public bool IsRunning => _process is { HasExited: false };

    public string Log => string.Join("\n", _log);

    /// <summary>Every incarnation's log, oldest first.</summary>
    public string FullLog => string.Join("\n", _previous.Append(Log));

    /// <summary>Starts the process and awaits its services listening.</summary>
    public async Task StartAsync(string postgres, IEnumerable<string> seeds, IReadOnlyDictionary<string, string> storages)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "nvr.dll");
        string[] args =
        [
            dll, "--data-dir", DataDirectory, "--urls", $"http://127.0.0.1:{HttpPort}", "--postgres", postgres,
            "--cluster-port", ClusterPort.ToString(CultureInfo.InvariantCulture), .. seeds.SelectMany(s => new[] { "--cluster-seed", s }),
            .. storages.SelectMany(s => new[] { "--storage", $"{s.Key}={s.Value}" }),
            "--admin-user", OnvifCredentials.Admin.Username, "--admin-password", OnvifCredentials.Admin.Password, "--discovery-port", "off", "--rtsp-port", "0",
        ];
        _previous.Add(Log); // a restart: the earlier incarnation's log stays readable in FullLog
        _log.Clear();
        var ready = WaitForLine(l => l.Contains("ONVIF recording service", StringComparison.Ordinal));
        var process = new Process { StartInfo = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true }, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready, exited).WaitAsync(TimeSpan.FromMinutes(3)) == exited)
        {
            throw new InvalidOperationException($"node {Number} exited while starting:\n{Log}");
        }
    }

    /// <summary>Completes when a log line (from now on, or already logged) matches.</summary>
    public Task WaitForLine(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (_log.Any(match))
            {
                return Task.CompletedTask;
            }

            _waits.Add((match, seen));
        }

        return seen.Task;
    }

    /// <summary>SIGKILL: no shutdown code of the node runs.</summary>
    /// <summary>Awaits the process exiting by itself (downed by the split-brain resolver).</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => (_process?.WaitForExitAsync() ?? Task.CompletedTask).WaitAsync(timeout);

    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>SIGSTOP (<paramref name="pause"/>) or SIGCONT of the running process: a node that freezes and comes back.</summary>
    public async Task SignalAsync(bool pause)
    {
        if (_process is { HasExited: false } process)
        {
            await TestTools.RunAsync("kill", [pause ? "-STOP" : "-CONT", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// The segments this process completed for <paramref name="recording"/> since it started (its
    /// <c>nvr_segments_written_total</c> on /metrics; 0 when it is not running). The index is shared by every node
    /// (PostgreSQL): which node wrote a segment is told by the node itself.
    /// </summary>
    public long SegmentsWritten(string recording)
    {
        if (!IsRunning)
        {
            return 0;
        }

        try
        {
            var text = Http.GetStringAsync($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/metrics").GetAwaiter().GetResult();
            var prefix = $"nvr_segments_written_total{{recording=\"{recording}\"}} ";
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            return line is null ? 0 : (long)double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return 0; // exiting
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public void Dispose()
    {
        if (_process is { } process)
        {
            new ProcessKiller(process).Dispose();
            process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_waits)
        {
            _log.Enqueue(line);
            foreach (var wait in _waits.Where(w => w.Match(line)).ToList())
            {
                _waits.Remove(wait);
                wait.Seen.TrySetResult();
            }
        }
    }
}
