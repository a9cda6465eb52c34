using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Runs the project's peer scripts and judges (ffprobe) with a time bound; a missing tool fails loudly.</summary>
public static class ExternalTool
{
    public static string PeerScript(string name) => Path.Combine(RepositoryPaths.Root, "tests", "peers", name);

    public static string MediaDirectory =>
        Environment.GetEnvironmentVariable("NVR_TEST_MEDIA") is { Length: > 0 } dir ? dir : "/tmp/nvr-test-media";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs and returns (exit code, stdout, stderr).</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}");
        }

        return (process.ExitCode, await output, await error);
    }

    public static async Task<string> RunCheckedAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var (code, output, error) = await RunAsync(program, arguments, timeout);
        return code == 0 ? output : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({code}): {error}{output}");
    }
}
