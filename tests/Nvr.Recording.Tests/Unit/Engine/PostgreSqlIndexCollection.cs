namespace Nvr.Recording.Tests.Unit.Engine;

/// <summary>The index worker tests that run on both index backends share one PostgreSQL server (a database per test).</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlIndexCollection : ICollectionFixture<PostgreSqlServer>
{
    public const string Name = "postgresql-index";
}
