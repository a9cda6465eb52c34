using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Nvr.Storage.Index;

/// <summary>
/// What differs between the index's databases: how a connection is opened, the schema's column types, parameter
/// syntax, query plans, bulk loads and the size on disk. The queries themselves are written once, in SQLite's syntax
/// with <c>$name</c> parameters (<see cref="RecordedRangeIndex"/>'s public SQL constants), and are the same
/// statements on PostgreSQL after <see cref="Sql"/> (<c>$name</c> → <c>@name</c>).
/// </summary>
internal abstract class IndexDialect
{
    public static IndexDialect For(IndexLocation location) =>
        location.PostgreSqlConnectionString is { } connectionString ? new PostgreSqlIndexDialect(connectionString) : new SqliteIndexDialect(location.SqlitePath!);

    /// <summary>A new open connection with the session settings the index needs.</summary>
    public abstract DbConnection Connect();

    /// <summary>Creates the index's tables and indexes when missing (safe when several processes open it at once).</summary>
    public abstract void CreateSchema(DbConnection connection);

    /// <summary>The statement in this database's syntax.</summary>
    public abstract string Sql(string sql);

    /// <summary>The parameter name of <c>$name</c> in this database's syntax.</summary>
    public abstract string ParameterName(string name);

    /// <summary>The planner's steps for the statement, one string per line.</summary>
    public IReadOnlyList<string> Explain(DbCommand command)
    {
        command.CommandText = ExplainPrefix + command.CommandText;
        var rows = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(reader.GetString(PlanColumn));
        }

        return rows;
    }

    /// <summary>What turns a query into its plan (EXPLAIN …).</summary>
    protected abstract string ExplainPrefix { get; }

    /// <summary>The column of the plan rows that describes each step.</summary>
    protected abstract int PlanColumn { get; }

    /// <summary>Adds segment rows in one transaction (or one COPY).</summary>
    public abstract void AddMany(DbConnection connection, IEnumerable<RecordedSegment> segments);

    /// <summary>Bytes the index's tables and indexes take in the database.</summary>
    public abstract long SizeInBytes(DbConnection connection);

    public static void Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static long Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The default: one SQLite file in WAL mode (readers on other connections never block the writer).</summary>
internal sealed class SqliteIndexDialect(string path) : IndexDialect
{
    private const string Schema =
        """
        CREATE TABLE IF NOT EXISTS segment_ranges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recording TEXT NOT NULL, track TEXT NOT NULL,
            start_ticks INTEGER NOT NULL, end_ticks INTEGER NOT NULL,
            storage TEXT NOT NULL, key TEXT NOT NULL, bytes INTEGER NOT NULL, external INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_ranges_track ON segment_ranges (recording, track, start_ticks);
        CREATE INDEX IF NOT EXISTS ix_ranges_object ON segment_ranges (storage, key);
        CREATE INDEX IF NOT EXISTS ix_ranges_start ON segment_ranges (external, start_ticks);
        CREATE INDEX IF NOT EXISTS ix_ranges_track_end ON segment_ranges (recording, track, end_ticks);
        CREATE TABLE IF NOT EXISTS track_attributes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recording TEXT NOT NULL, track TEXT NOT NULL, from_ticks INTEGER NOT NULL,
            codec TEXT NOT NULL, width INTEGER, height INTEGER, frame_rate REAL,
            sample_rate INTEGER, channels INTEGER, bitrate INTEGER);
        CREATE INDEX IF NOT EXISTS ix_attributes_track ON track_attributes (recording, track, from_ticks);
        CREATE TABLE IF NOT EXISTS recorded_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            recording TEXT NOT NULL, track TEXT NOT NULL, utc_ticks INTEGER NOT NULL,
            topic TEXT NOT NULL, operation TEXT, source TEXT NOT NULL, data TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_events_recording ON recorded_events (recording, utc_ticks);
        CREATE INDEX IF NOT EXISTS ix_events_time ON recorded_events (utc_ticks);
        """;

    public override DbConnection Connect()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "PRAGMA synchronous=NORMAL;");
        return connection;
    }

    public override void CreateSchema(DbConnection connection) => Execute(connection, Schema);

    public override string Sql(string sql) => sql;

    public override string ParameterName(string name) => name;

    protected override string ExplainPrefix => "EXPLAIN QUERY PLAN ";

    protected override int PlanColumn => 3; // id, parent, notused, detail

    public override void AddMany(DbConnection connection, IEnumerable<RecordedSegment> segments)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO segment_ranges ({RecordedRangeIndex.Columns}) VALUES ($r, $t, $s, $e, $st, $k, $b, $x)";
        DbParameter Add(string name, DbType type)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
            return parameter;
        }

        var p = new[] { Add("$r", DbType.String), Add("$t", DbType.String), Add("$s", DbType.Int64), Add("$e", DbType.Int64), Add("$st", DbType.String), Add("$k", DbType.String), Add("$b", DbType.Int64), Add("$x", DbType.Int32) };
        foreach (var segment in segments)
        {
            p[0].Value = segment.Recording;
            p[1].Value = segment.Track;
            p[2].Value = segment.Start.UtcTicks;
            p[3].Value = segment.End.UtcTicks;
            p[4].Value = segment.StorageToken;
            p[5].Value = segment.Key;
            p[6].Value = segment.Bytes;
            p[7].Value = segment.IsExternal ? 1 : 0;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public override long SizeInBytes(DbConnection connection) =>
        Scalar(connection, "PRAGMA page_count") * Scalar(connection, "PRAGMA page_size");
}
