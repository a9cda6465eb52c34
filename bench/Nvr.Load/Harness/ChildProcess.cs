using System.Collections.Concurrent;
using System.Diagnostics;

namespace Nvr.Load.Harness;

/// <summary>A process the harness started (and only those are ever signalled or killed, by their own PID).</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public IReadOnlyCollection<string> Lines => _lines;

    public event Action<string>? Line;

    /// <param name="line">Called with every line the process prints, from its first (e.g. to keep a log file).</param>
    public static ChildProcess Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, bool redirectInput = false, Action<string>? line = null)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = redirectInput };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var child = new ChildProcess(process);
        child.Line += line;
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Awaits a line containing <paramref name="text"/> (with a deadline); returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(string line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                found.TrySetResult(line);
            }
        }

        Line += Check;
        try
        {
            foreach (var line in _lines)
            {
                Check(line);
            }

            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(found.Task, exited).WaitAsync(timeout);
            return first == found.Task ? await found.Task : throw new InvalidOperationException($"{_process.StartInfo.FileName} exited before '{text}': {string.Join(" | ", _lines.TakeLast(10))}");
        }
        finally
        {
            Line -= Check;
        }
    }

    /// <summary>SIGINT (graceful stop), then waits; SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var signal = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal!.WaitForExitAsync();
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL of this process alone (no shutdown code runs), then waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > 2000 && _lines.TryDequeue(out _))
        {
        }

        Line?.Invoke(line);
    }
}
