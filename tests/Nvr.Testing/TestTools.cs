using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Testing;

/// <summary>Repository paths, test media, free ports and bounded external processes, shared by the test projects.</summary>
public static class TestTools
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string MediaDirectory { get; } =
        Environment.GetEnvironmentVariable("NVR_TEST_MEDIA") is { Length: > 0 } dir ? dir : "/tmp/nvr-test-media";

    public static string PeerScript(string name) => Path.Combine(RepositoryRoot, "tests", "peers", name);

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
