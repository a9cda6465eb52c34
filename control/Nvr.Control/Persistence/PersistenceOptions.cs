namespace Nvr.Control.Persistence;

/// <summary>
/// Where the control plane keeps its journal and snapshots: a SQLite file (default, WAL mode) or a PostgreSQL
/// server given by an Npgsql connection string.
/// </summary>
public sealed record PersistenceOptions(PersistenceProvider Provider, string ConnectionString)
{
    /// <summary>
    /// 256-bit key that seals the events and snapshots holding secrets (<see cref="JournalSealing"/>); null: they are
    /// written in clear (unit tests). The appliance derives it from the data directory's user-key.
    /// </summary>
    public byte[]? SealingKey { get; init; }

    public static PersistenceOptions Sqlite(string file) => new(PersistenceProvider.Sqlite, $"Data Source={file}");

    public static PersistenceOptions PostgreSql(string connectionString) => new(PersistenceProvider.PostgreSql, connectionString);
}
