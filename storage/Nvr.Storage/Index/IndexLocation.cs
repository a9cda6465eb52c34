using Npgsql;

namespace Nvr.Storage.Index;

/// <summary>
/// Where the recorded-range index lives: a SQLite file (the default, <c>DATA/index.db</c>) or a PostgreSQL database
/// given by an Npgsql connection string (the appliance's <c>--postgres</c>: the same database as the control plane's
/// journal, its own tables). <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record IndexLocation
{
    private IndexLocation(string? sqlitePath, string? postgreSql)
    {
        SqlitePath = sqlitePath;
        PostgreSqlConnectionString = postgreSql;
    }

    /// <summary>The SQLite file; null for PostgreSQL.</summary>
    public string? SqlitePath { get; }

    /// <summary>The Npgsql connection string; null for SQLite.</summary>
    public string? PostgreSqlConnectionString { get; }

    public bool IsPostgreSql => PostgreSqlConnectionString is not null;

    /// <summary>True when an index can be opened for reading without creating a file: the SQLite file exists, or PostgreSQL.</summary>
    public bool Exists => IsPostgreSql || File.Exists(SqlitePath);

    public static IndexLocation Sqlite(string path) => new(path, null);

    public static IndexLocation PostgreSql(string connectionString)
    {
        _ = new NpgsqlConnectionStringBuilder(connectionString); // refuses a malformed string here, not at first use
        return new(null, connectionString);
    }

    /// <summary>"SQLite FILE", or "PostgreSQL" with host, port, database and user only (no password, no other settings).</summary>
    public override string ToString()
    {
        if (PostgreSqlConnectionString is null)
        {
            return $"SQLite {SqlitePath}";
        }

        var b = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString);
        return $"PostgreSQL Host={b.Host};Port={b.Port};Database={b.Database};Username={b.Username}";
    }
}
