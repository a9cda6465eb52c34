using Nvr.Storage.Index;

namespace Nvr.Testing;

/// <summary>
/// Where one test keeps its recorded-range index: a SQLite file in a fresh directory, or a fresh database on the shared
/// PostgreSQL test server. <see cref="Open"/> opens it again (a reopened index must show what was written before).
/// Index tests run as theories over <see cref="Backends"/>.
/// </summary>
public sealed class IndexStore : IDisposable
{
    public const string Sqlite = "SQLite";
    public const string PostgreSql = "PostgreSQL";
    private readonly TempDirectory _dir = new();

    public IndexStore(string backend, PostgreSqlServer server, string file = "index.db")
    {
        Location = backend switch
        {
            Sqlite => IndexLocation.Sqlite(Path.Combine(_dir.Path, file)),
            PostgreSql => IndexLocation.PostgreSql(server.CreateDatabase()),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "SQLite or PostgreSQL"),
        };
    }

    /// <summary>Theory data: both backends.</summary>
    public static TheoryRows Backends => [[Sqlite], [PostgreSql]];

    public IndexLocation Location { get; }

    /// <summary>The directory of the SQLite file (also a scratch directory for PostgreSQL tests).</summary>
    public string Directory => _dir.Path;

    public RecordedRangeIndex Open() => new(Location);

    public void Dispose() => _dir.Dispose();

    /// <summary>Rows of theory data (xunit's MemberData takes any IEnumerable of object arrays).</summary>
    public sealed class TheoryRows : List<object[]>;
}
