using System.Globalization;
using Npgsql;

namespace Nvr.Testing;

/// <summary>
/// A throw-away PostgreSQL server (Debian's package, tests/peers/postgres-server.sh) on 127.0.0.1 and a free port,
/// started on first use and stopped on dispose (an xunit class or collection fixture). Each test takes its own
/// database (<see cref="CreateDatabase"/>), so tests sharing the server never see each other's rows.
/// </summary>
public sealed class PostgreSqlServer : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _dataDir = Path.Combine("/tmp", $"nvr-pg-{Guid.NewGuid():N}");
    private int _port;
    private string? _admin;

    /// <summary>The connection string of the server's "nvr" database (starts the server on first use).</summary>
    public string ConnectionString
    {
        get
        {
            lock (_lock)
            {
                if (_admin is null)
                {
                    _port = TestTools.FreeTcpPort();
                    _admin = Run("start").Trim().Split('\n')[^1];
                }

                return _admin;
            }
        }
    }

    /// <summary>A new empty database on the server; its connection string (no pooling: a disposed index closes its connection).</summary>
    public string CreateDatabase()
    {
        var name = $"t_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, Pooling = false }.ToString();
    }

    /// <summary>Runs one SQL statement returning a number (a row count) on <paramref name="connectionString"/>'s database.</summary>
    public static long Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_admin is not null)
            {
                NpgsqlConnection.ClearAllPools();
                Run("stop");
                _admin = null;
            }
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string Run(string command) =>
        TestTools.RunAsync("bash", [TestTools.PeerScript("postgres-server.sh"), command, _port.ToString(CultureInfo.InvariantCulture), _dataDir], TimeSpan.FromMinutes(5))
            .GetAwaiter().GetResult().Output;
}
