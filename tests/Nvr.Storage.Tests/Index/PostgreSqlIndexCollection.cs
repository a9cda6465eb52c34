namespace Nvr.Storage.Tests.Index;

/// <summary>The index tests that run on both backends share one PostgreSQL server (a database per test).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlIndexCollection : ICollectionFixture<PostgreSqlServer>
{
    public const string Name = "postgresql-index";
}
