using System.Text.Json;
using Nvr.Storage.Configuration;

namespace Nvr.Storage.Tests.Configuration;

public sealed class StorageUriParserTests
{
    [Fact]
    public void Parses_an_s3_uri_with_all_parts()
    {
        var config = Assert.IsType<S3StorageConfiguration>(
            StorageUriParser.ParseBinding("1=s3://nvr-access:nvr-secret@127.0.0.1:9000/nvr?region=eu-west-1&tls=false"));
        Assert.Equal("1", config.Token);
        Assert.Equal("nvr-access", config.AccessKey.Reveal());
        Assert.Equal("nvr-secret", config.SecretKey.Reveal());
        Assert.Equal("127.0.0.1", config.Host);
        Assert.Equal(9000, config.Port);
        Assert.Equal("nvr", config.Bucket);
        Assert.Equal("eu-west-1", config.Region);
        Assert.False(config.UseTls);
        Assert.Equal("http://127.0.0.1:9000", config.ServiceUrl);
    }

    [Fact]
    public void Defaults_are_tls_port_443_and_us_east_1()
    {
        var config = Assert.IsType<S3StorageConfiguration>(StorageUriParser.Parse("a", "s3://AK:SK@s3.example.com/b"));
        Assert.True(config.UseTls);
        Assert.Equal(443, config.Port);
        Assert.Equal("us-east-1", config.Region);
        Assert.Equal("https://s3.example.com:443", config.ServiceUrl);
    }

    [Fact]
    public void Secrets_with_slash_plus_and_percent_escapes_are_kept_intact()
    {
        var config = Assert.IsType<S3StorageConfiguration>(
            StorageUriParser.Parse("a", "s3://AKIA:wJal/rXUt+nFEMI%40K7@[::1]:9000/bucket?tls=false"));
        Assert.Equal("wJal/rXUt+nFEMI@K7", config.SecretKey.Reveal());
        Assert.Equal("::1", config.Host);
        Assert.Equal("http://[::1]:9000", config.ServiceUrl);
    }

    [Fact]
    public void Secrets_never_appear_in_ToString_redacted_uri_or_serialized_form()
    {
        var config = StorageUriParser.ParseBinding("vault=s3://TOPACCESS:T0PS3CR3T@host:9000/bkt?tls=false");
        var catalog = StorageCatalog.FromBindings(["vault=s3://TOPACCESS:T0PS3CR3T@host:9000/bkt?tls=false"]);
        var texts = new[]
        {
            config.ToString(), config.RedactedUri, catalog.ToString(), $"{config}",
            JsonSerializer.Serialize<object>(config),
        };
        foreach (var text in texts)
        {
            Assert.DoesNotContain("T0PS3CR3T", text, StringComparison.Ordinal);
            Assert.DoesNotContain("TOPACCESS", text, StringComparison.Ordinal);
        }

        Assert.Equal("vault=s3://***:***@host:9000/bkt?region=us-east-1&tls=false", config.ToString());
    }

    [Theory]
    [InlineData("s3://T0PS3CR3T@host/b")] // no access key separator
    [InlineData("s3://AK:T0PS3CR3T@host")] // no bucket
    [InlineData("s3://AK:T0PS3CR3T@host:99999/b")] // bad port
    [InlineData("s3://AK:T0PS3CR3T@host/b/c")] // extra path
    [InlineData("s3://AK:T0PS3CR3T@host/b?tls=maybe")]
    [InlineData("s3://AK:T0PS3CR3T@host/b?colour=red")]
    [InlineData("http://AK:T0PS3CR3T@host/b")]
    public void Invalid_uris_fail_with_a_message_that_does_not_leak_the_secret(string uri)
    {
        var error = Assert.Throws<FormatException>(() => StorageUriParser.Parse("x", uri));
        Assert.DoesNotContain("T0PS3CR3T", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parses_a_file_uri()
    {
        var config = Assert.IsType<LocalStorageConfiguration>(StorageUriParser.ParseBinding("local=file:///var/lib/nvr/data"));
        Assert.Equal("/var/lib/nvr/data", config.Directory);
        Assert.Equal("local=file:///var/lib/nvr/data", config.ToString());
    }

    [Theory]
    [InlineData("file://server/share")]
    [InlineData("file:relative/dir")]
    public void Rejects_non_local_or_relative_file_uris(string uri)
        => Assert.Throws<FormatException>(() => StorageUriParser.Parse("x", uri));

    [Fact]
    public void Catalog_lookup_by_token_and_last_definition_wins()
    {
        var catalog = StorageCatalog.FromBindings(["1=file:///a", "2=s3://k:s@h:1/b?tls=false", "1=file:///c"]);
        Assert.True(catalog.TryGet("1", out var one));
        Assert.Equal("/c", Assert.IsType<LocalStorageConfiguration>(one).Directory);
        Assert.True(catalog.TryGet("2", out _));
        Assert.False(catalog.TryGet("3", out _));
        Assert.Throws<FormatException>(() => StorageCatalog.FromBindings(["no-equals-sign"]));
    }
}
