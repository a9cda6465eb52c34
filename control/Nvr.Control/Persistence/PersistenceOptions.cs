namespace Nvr.Control.Persistence;

/// <summary>
/// Where the control plane keeps its journal and snapshots: a SQLite file (default, WAL mode) or a PostgreSQL
/// server given by an Npgsql connection string.
/// </summary>
public sealed record PersistenceOptions(PersistenceProvider Provider, string ConnectionString)
{
    public static PersistenceOptions Sqlite(string file) => new(PersistenceProvider.Sqlite, $"Data Source={file}");

    public static PersistenceOptions PostgreSql(string connectionString) => new(PersistenceProvider.PostgreSql, connectionString);
}
