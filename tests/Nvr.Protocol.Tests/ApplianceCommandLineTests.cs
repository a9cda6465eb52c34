using Nvr.Appliance;

namespace Nvr.Protocol.Tests;

/// <summary>The appliance's <c>--min-free-space</c> option (free-space watermark of local storages).</summary>
public sealed class ApplianceCommandLineTests
{
    [Theory]
    [InlineData("2GiB", 2L * 1024 * 1024 * 1024)]
    [InlineData("1.5 GiB", 3L * 512 * 1024 * 1024)]
    [InlineData("500MB", 500_000_000L)]
    [InlineData("64kib", 65_536L)]
    [InlineData("123456", 123_456L)]
    [InlineData("0", 0L)]
    public void Min_free_space_takes_binary_and_decimal_sizes(string size, long bytes) =>
        Assert.Equal(bytes, ApplianceCommandLine.Parse(["--data-dir", "/tmp/nvr-cli", "--min-free-space", size]).MinimumFreeBytes);

    [Fact]
    public void The_watermark_defaults_to_one_GiB()
    {
        Assert.Equal(1L << 30, ApplianceCommandLine.Parse(["--data-dir", "/tmp/nvr-cli"]).MinimumFreeBytes);
        Assert.Equal(1L << 30, new Nvr.Protocol.Hosting.ApplianceOptions { DataDirectory = "/tmp/nvr-cli" }.MinimumFreeBytes);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-1GiB")]
    [InlineData("GiB")]
    public void A_bad_size_is_refused_with_the_option_named(string size)
    {
        var error = Assert.Throws<ArgumentException>(() => ApplianceCommandLine.Parse(["--min-free-space", size]));
        Assert.Contains("--min-free-space", error.Message, StringComparison.Ordinal);
        Assert.Contains(size, error.Message, StringComparison.Ordinal);
    }
}
