namespace Nvr.Control.Persistence;

/// <summary>The database behind Akka.Persistence.Sql.</summary>
public enum PersistenceProvider
{
    Sqlite,
    PostgreSql,
}
