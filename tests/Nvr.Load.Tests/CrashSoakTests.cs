using Nvr.Load.Soak;
using Xunit.Abstractions;

namespace Nvr.Load.Tests;

/// <summary>
/// The crash soak as a bounded CI check (the long run is in docs/reliability.md): 2 simulated cameras, one recording to
/// local disk, one to s3rver through the spool; the appliance is SIGKILLed 3 times at seeded moments and restarted.
/// Every check of the soak must hold after every restart (configuration, recovery to the durable length, ffprobe of
/// every object, spool upload, a new span per camera, the index over SOAP equal to the storages).
/// </summary>
public sealed class CrashSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_kills_of_an_appliance_recording_to_disk_and_S3_violate_nothing()
    {
        var options = new SoakOptions { Cameras = 2, Kills = 3, Seed = 1717, MaxKillDelaySeconds = 3, Patience = TimeSpan.FromSeconds(120) };
        var log = new StringWriter();
        try
        {
            var report = await new SoakHarness(options, log).SoakAsync(CancellationToken.None);
            Assert.True(report.Clean, string.Join("\n", report.Violations));
            Assert.Equal(3, report.Restarts);
            Assert.True(report.LocalSegmentsChecked > 0 && report.S3ObjectsChecked > 0, $"{report.LocalSegmentsChecked} local, {report.S3ObjectsChecked} S3 objects checked");
            Assert.True(report.IndexChecks >= 2, $"{report.IndexChecks} index comparisons");
        }
        finally
        {
            output.WriteLine(log.ToString());
            if (Directory.Exists(options.OutputDirectory))
            {
                Directory.Delete(options.OutputDirectory, recursive: true);
            }
        }
    }
}
