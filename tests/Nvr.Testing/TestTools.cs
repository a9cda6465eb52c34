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

    /// <summary>Runs a program to its end; throws with its output when it is missing, fails or overruns.</summary>
    /// <summary>Runs a process and returns its result whatever its exit code (the caller judges it).</summary>
    public static Task<ProcessResult> RunUncheckedAsync(string program, IEnumerable<string> arguments, TimeSpan timeout) =>
        RunAsync(program, arguments, timeout, check: false);

    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, bool check = true)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"required tool '{program}' is not installed ({e.Message}); run tests/run-tests.sh or install it", e);
        }

        using (process)
        {
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
                throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}");
            }

            var result = new ProcessResult(process.ExitCode, await stdout, await stderr);
            if (check && result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', info.ArgumentList)} exited {result.ExitCode}: {result.Output}{result.Error}");
            }

            return result;
        }
    }

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
