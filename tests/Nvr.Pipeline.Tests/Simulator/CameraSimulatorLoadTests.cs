using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Tests.Simulator;

/// <summary>Many ingests at once against the in-memory camera simulator: nothing lost, every stream complete.</summary>
public sealed class CameraSimulatorLoadTests
{
    [Fact]
    public async Task Twenty_concurrent_ingests_receive_every_unit_with_sender_report_time()
    {
        await using var simulator = FixtureSimulator.Start("gstreamer-h264-aac", speed: 1.0);
        const int cameras = 20;
        var results = await Task.WhenAll(Enumerable.Range(0, cameras).Select(async _ =>
        {
            var ingest = new RtspIngest(new RtspIngestOptions(simulator.Uri));
            using var cts = new CancellationTokenSource();
            var run = ingest.RunAsync(cts.Token);
            var keyframes = 0;
            var srTimed = 0;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await foreach (var unit in ingest.AccessUnits.ReadAllAsync(deadline.Token))
            {
                keyframes += unit.Kind == MediaKind.Video && unit.IsKeyframe ? 1 : 0;
                srTimed += unit.TimeSource == TimeSource.SenderReport ? 1 : 0;
                unit.Release();
                if (keyframes >= 3 && srTimed > 0)
                {
                    break;
                }
            }

            await cts.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
            ingest.Output.DrainAndRelease();
            return ingest.GetStatistics();
        }));

        Assert.All(results, s =>
        {
            Assert.Equal(0, s.LostPackets);
            Assert.Equal(0, s.DroppedUnits);
            Assert.Equal(0, s.MalformedPackets);
            Assert.True(s.SenderReports > 0);
        });
    }
}
