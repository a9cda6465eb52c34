using Nvr.Appliance;

namespace Nvr.Protocol.Tests;

/// <summary>The limit options of <c>nvr</c>: defaults sized for 1,000 cameras, bad counts refused with the option named.</summary>
[Trait("Category", "Unit")]
public sealed class LimitOptionsTests
{
    [Fact]
    public void Defaults_admit_a_thousand_cameras()
    {
        var limits = ApplianceCommandLine.Parse(["--data-dir", "/tmp/nvr-cli"]).Limits;
        Assert.True(limits.MaxRecordings >= 1000 && limits.MaxRecordingJobs >= 1000 && limits.MaxReceivers >= 1000,
            $"defaults {limits.MaxRecordings}/{limits.MaxRecordingJobs}/{limits.MaxReceivers}");
    }

    [Fact]
    public void Every_count_has_an_option()
    {
        var limits = ApplianceCommandLine.Parse([
            "--max-recordings", "11", "--max-recording-jobs", "12", "--max-jobs-per-recording", "2", "--max-receivers", "13",
            "--max-tracks-per-recording", "4"]).Limits;
        Assert.Equal((11, 12, 2, 13, 4), (limits.MaxRecordings, limits.MaxRecordingJobs, limits.MaxJobsPerRecording, limits.MaxReceivers, limits.MaxTracksPerRecording));
    }

    [Theory]
    [InlineData("--max-recordings", "0")]
    [InlineData("--max-receivers", "-3")]
    [InlineData("--max-recording-jobs", "many")]
    public void A_bad_count_is_refused_with_the_option_named(string option, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ApplianceCommandLine.Parse([option, value]));
        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_count_that_is_not_an_integer_is_refused_with_its_key()
    {
        var config = Path.Combine(Path.GetTempPath(), $"nvr-limits-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{"limits": {"maxRecordings": "lots"}}""");
        try
        {
            var error = Assert.Throws<ArgumentException>(() => ApplianceCommandLine.Parse(["--config", config]));
            Assert.Contains("limits.maxRecordings", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(config);
        }
    }
}
