using Nvr.Storage.Index;

namespace Nvr.Storage.Tests.Index;

[Trait("Category", "Unit")]
public sealed class IndexLocationTests
{
    [Fact]
    public void A_PostgreSQL_location_never_shows_its_password()
    {
        var location = IndexLocation.PostgreSql("Host=db.example;Port=5433;Username=nvr;Password=s3cr3t-Pw;Database=nvr;Timeout=5");
        Assert.Equal("PostgreSQL Host=db.example;Port=5433;Database=nvr;Username=nvr", location.ToString());
        Assert.DoesNotContain("s3cr3t", location.ToString(), StringComparison.Ordinal);
        Assert.True(location.IsPostgreSql && location.Exists);
        Assert.Throws<ArgumentException>(() => IndexLocation.PostgreSql("Host=db;NoSuchKeyword=1"));
    }
}
