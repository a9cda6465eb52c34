using Nvr.Control.Persistence;

namespace Nvr.Control.Tests;

/// <summary>The same recovery assertions against a real PostgreSQL server started on 127.0.0.1 for this test.</summary>
public sealed class PostgreSqlRecoveryTests : IAsyncLifetime
{
    private readonly int _port = TestTools.FreeTcpPort();
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

    private async Task<string> RunScriptAsync(string command) =>
        (await TestTools.RunAsync("bash", [TestTools.PeerScript("postgres-server.sh"), command, _port.ToString(System.Globalization.CultureInfo.InvariantCulture), _dataDir], TimeSpan.FromMinutes(5))).Output;
}
