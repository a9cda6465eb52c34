using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Testing;

/// <summary>Repository paths, test media, free ports and bounded external processes, shared by the test projects.</summary>
public static class TestTools
{
    private const int PeerPortsFirst = 20000;
    private const int PeerPortsLast = 29999;

    public static string RepositoryRoot { get; } = FindRoot();

    public static string MediaDirectory { get; } =
        Environment.GetEnvironmentVariable("NVR_TEST_MEDIA") is { Length: > 0 } dir ? dir : "/tmp/nvr-test-media";

    public static string PeerScript(string name) => Path.Combine(RepositoryRoot, "tests", "peers", name);

    /// <summary>
    /// A TCP port free on 127.0.0.1 for a peer that must be told its port before it starts. Taken below the kernel's
    /// ephemeral range (32768–60999), so that servers binding port 0 and outgoing connections, of this or any other
    /// test process, cannot be handed the same port between this call and the peer binding it.
    /// </summary>
    public static int FreeTcpPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(PeerPortsFirst, PeerPortsLast + 1);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // in use: try another
            }
        }

        throw new InvalidOperationException($"no free TCP port in {PeerPortsFirst}-{PeerPortsLast} on 127.0.0.1");
    }

    /// <summary>
    /// Starts the GStreamer RTSP server of tests/peers on <paramref name="port"/> (0: a port the server binds itself,
    /// free of races with other processes) and returns the port it listens on.
    /// </summary>
    public static async Task<int> StartRtspServerAsync(string mediaDirectory, int port = 0)
    {
        var started = await RunAsync("bash", [PeerScript("rtsp-server.sh"), "start", port.ToString(System.Globalization.CultureInfo.InvariantCulture), mediaDirectory], TimeSpan.FromMinutes(3));
        foreach (var line in started.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("rtsp://127.0.0.1:", StringComparison.Ordinal) && Uri.TryCreate(line, UriKind.Absolute, out var uri))
            {
                return uri.Port;
            }
        }

        return port != 0 ? port : throw new InvalidOperationException($"rtsp-server.sh printed no URL: {started.Output}");
    }

    /// <summary>Runs a process and returns its result whatever its exit code (the caller judges it).</summary>
    public static Task<ProcessResult> RunUncheckedAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(program, arguments, timeout, check: false, environment);

    /// <summary>
    /// Runs a program to its end; with <paramref name="check"/>, throws with its output when it exits non-zero. A missing
    /// program or an overrun always throws (killed with its children).
    /// </summary>
    public static async Task<ProcessResult> RunAsync(
        string program, IEnumerable<string> arguments, TimeSpan timeout, bool check = true, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(program, arguments, environment, out var info);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}: {await stderr}");
        }

        return Checked(new ProcessResult(process.ExitCode, await stdout, await stderr), info, check);
    }

    /// <summary>The same for synchronous tests: runs a program to its end on the caller's thread.</summary>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, TimeSpan timeout, bool check = false)
    {
        using var process = Start(program, arguments, null, out var info);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
        }

        process.WaitForExit(); // the output is read to its end
        return Checked(new ProcessResult(process.ExitCode, stdout.Result, stderr.Result), info, check);
    }

    /// <summary>Fails with a clear message when a required tool is not on the PATH (a test never passes silently without it).</summary>
    public static void Require(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            if (File.Exists(Path.Combine(dir, tool)))
            {
                return;
            }
        }

        throw new InvalidOperationException($"'{tool}' is required by this test but is not installed (tests/peers scripts install it: apt-get install {tool}).");
    }

    private static Process Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, out ProcessStartInfo info)
    {
        info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"required tool '{program}' is not installed ({e.Message}); run tests/run-tests.sh or install it", e);
        }
    }

    private static ProcessResult Checked(ProcessResult result, ProcessStartInfo info, bool check) =>
        check && result.ExitCode != 0
            ? throw new InvalidOperationException($"{info.FileName} {string.Join(' ', info.ArgumentList)} exited {result.ExitCode}: {result.Output}{result.Error}")
            : result;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Pipeline.sln) not found");
    }
}
