using System.Diagnostics;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// The appliance as a separate process (`nvr` with a data directory, loopback URL, the test administrator, no
/// discovery, RTSP on a free port), for tests that kill -9 it; returns once it serves, with its output in the exception
/// when it exits first.
/// </summary>
public static class ApplianceProcess
{
    public static async Task<Process> StartAsync(string dataDirectory, int port, params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "nvr.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet", [dll, "--data-dir", dataDirectory, "--urls", $"http://127.0.0.1:{port}", "--admin-user", OnvifCredentials.Admin.Username, "--admin-password", OnvifCredentials.Admin.Password, "--discovery-port", "off", "--rtsp-port", "0", .. extra])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("cannot start the appliance");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            log.Enqueue(e.Data);
            if (e.Data.Contains("ONVIF recording service", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("the appliance exited:\n" + string.Join("\n", log)));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return process;
    }
}
