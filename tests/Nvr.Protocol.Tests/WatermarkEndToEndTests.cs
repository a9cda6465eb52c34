using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Issue 7 item 6 through the appliance (seed 5.3.1 lets the device delete data to free space, 5.26.3 DeleteTrackData):
/// below the free-space watermark (measured on the real file system) the engine deletes recorded local segments on
/// its retention timer and the client-visible DeleteTrackData event names the deleted range of every track.
/// </summary>
public sealed class WatermarkEndToEndTests : IClassFixture<WatermarkApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly WatermarkApplianceFixture _fixture;

    public WatermarkEndToEndTests(WatermarkApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Below_the_watermark_recorded_segments_are_deleted_and_DeleteTrackData_is_published()
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var deletions = new EventCollector<DeleteTrackDataEvent>(system);
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, "watermark", "local", "MP4", "watermark", "PT2S", _fixture.Rtsp.Url("h264"));

        var first = segments.Next(s => s.RecordingToken == scenario.Recording, Patience);
        Assert.True(first.Stored);
        foreach (var track in new[] { "VIDEO001", "AUDIO001" })
        {
            var deleted = deletions.Next(d => d.RecordingToken == scenario.Recording && d.TrackToken == track, Patience);
            Assert.True(deleted.StartTime < first.EndUtc && deleted.EndTime > first.StartUtc, $"{track}: deleted {deleted.StartTime:O}..{deleted.EndTime:O}, first segment {first.StartUtc:O}..{first.EndUtc:O}");
        }

        Assert.False(File.Exists(Path.Combine(_fixture.RecordingsDirectory, first.Key)), $"{first.Key} is still on disk below the watermark");
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
    }
}
