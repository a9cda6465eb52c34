using Nvr.Load.Harness;

namespace Nvr.Load.Soak;

/// <summary>The appliance process of the soak: same data directory, port and options at every start; killed with SIGKILL.</summary>
public sealed class SoakAppliance(string dataDirectory, int port, string user, string password, string s3StorageUri, SoakDiagnostics diagnostics) : IDisposable
{
    private ChildProcess? _process;

    public string BaseUrl => $"http://127.0.0.1:{port}";

    public int Starts { get; private set; }

    public async Task StartAsync(TimeSpan patience)
    {
        _process?.Dispose();
        var start = Starts + 1;
        _process = ChildProcess.Start("dotnet",
        [
            Path.Combine(AppContext.BaseDirectory, "nvr.dll"), "--data-dir", dataDirectory, "--urls", BaseUrl, "--min-free-space", "0",
            "--discovery-port", "off", "--rtsp-port", "0", "--admin-user", user, "--admin-password", password, "--storage", "local=" + new Uri(Path.Combine(dataDirectory, "recordings")).AbsoluteUri, "--storage", "s3=" + s3StorageUri,
        ], line: l => diagnostics.Append(start, l));
        Starts++;
        await _process.WaitForLineAsync("ONVIF recording service", patience);
    }

    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync();
        }
    }

    public async Task StopAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>The last lines the running appliance printed (for a violation report).</summary>
    public string Tail(int lines) => _process is null ? string.Empty : string.Join("\n", _process.Lines.TakeLast(lines));

    public void Dispose() => _process?.Dispose();
}
