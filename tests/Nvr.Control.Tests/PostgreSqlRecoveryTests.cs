using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nvr.Control.Persistence;

namespace Nvr.Control.Tests;

/// <summary>The same recovery assertions against a real PostgreSQL server started on 127.0.0.1 for this test.</summary>
public sealed class PostgreSqlRecoveryTests : IAsyncLifetime
{
    private readonly int _port = FreePort();
    private readonly string _dataDir = Path.Combine("/tmp", $"nvr-pg-{Guid.NewGuid():N}");
    private string _connectionString = string.Empty;

    public async Task InitializeAsync() =>
        _connectionString = (await RunScriptAsync("start")).Trim().Split('\n')[^1];

    public async Task DisposeAsync()
    {
        await RunScriptAsync("stop");
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Everything_is_restored_with_identical_tokens_after_a_restart_on_PostgreSQL()
    {
        var states = await RecoveryTests.RunThenRestartAsync(PersistenceOptions.PostgreSql(_connectionString), extraRecordings: 120);
        Assert.Equal(states.First, states.Second);
        Assert.Contains("REC0001", states.First, StringComparison.Ordinal);
    }

    private async Task<string> RunScriptAsync(string command)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "peers", "postgres-server.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, _port.ToString(System.Globalization.CultureInfo.InvariantCulture), _dataDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("cannot start bash");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres-server.sh {command} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Pipeline.sln not found above the test binaries");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
