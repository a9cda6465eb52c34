using Nvr.Load.Harness;
using Xunit.Abstractions;

namespace Nvr.Load.Tests;

/// <summary>
/// The load harness as a CI correctness check (not a timing assertion): 20 simulated cameras recorded for 20 s by
/// the appliance set up over SOAP; every camera leaves files, every segment probes cleanly with ffprobe and the
/// video DTS run has no hole (no frame lost after the first key frame).
/// </summary>
public sealed class LoadHarnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Twenty_cameras_for_twenty_seconds_lose_no_frame_and_every_segment_probes()
    {
        var options = new LoadOptions { Cameras = 20, Seconds = 20, SegmentSeconds = 4, Ffmpeg = false };
        var log = new StringWriter();
        try
        {
            var appliance = Assert.Single(await LoadHarness.MeasureAsync(options, log, CancellationToken.None));
            Assert.Equal(20, appliance.Judgements.Count);
            Assert.All(appliance.Judgements, j => Assert.True(j.Segments >= 2 && j.Frames > 0, $"cam-{j.Camera}: {j.Segments} segments, {j.Frames} frames"));
            Assert.Equal(0, appliance.FailedSegments);
            Assert.Equal(0, appliance.Lost);
        }
        finally
        {
            output.WriteLine(log.ToString());
            Directory.Delete(options.OutputDirectory, recursive: true);
        }
    }
}
