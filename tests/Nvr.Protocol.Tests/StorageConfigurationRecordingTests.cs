using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Keys;

namespace Nvr.Protocol.Tests;

/// <summary>The engine appliance next to a real s3rver that is NOT bound at start: storages are created over SOAP.</summary>
public sealed class UnboundS3EngineApplianceFixture : EngineApplianceFixture
{
    public S3Server S3 { get; } = new();

    protected override string ValidationLabel => "engine-storage-configurations";

    protected override Task StartPeersAsync() => S3.StartAsync();

    protected override async Task StopPeersAsync() => await S3.DisposeAsync();
}

/// <summary>
/// Recordings write to storage configurations created over the device service (s3rver, local directories), and a
/// changed configuration applies from the next segment of a running recording.
/// </summary>
public sealed class StorageConfigurationRecordingTests : IClassFixture<UnboundS3EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly UnboundS3EngineApplianceFixture _fixture;

    public StorageConfigurationRecordingTests(UnboundS3EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_recording_writes_into_an_S3_storage_created_over_SOAP()
    {
        var endpoint = $"http://127.0.0.1:{_fixture.S3.Port}/{S3Server.Bucket}";
        var token = (await _fixture.Device.CallAsync("CreateStorageConfiguration", DeviceStorageTests.S3Data(endpoint, "nvr-access", "nvr-secret")))
            .Text(Wire.Tds + "Token");
        using var segments = new EventCollector<SegmentRecordedEvent>(_fixture.Host.Control.System);
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, "created-s3", token, "MP4", "created-s3", "PT2S", _fixture.RtspUrl("h264"));
        var segment = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored, Patience);
        var keys = await _fixture.S3.WaitForKeysAsync("created-s3/", keys => keys.Contains(segment.Key), Patience);
        Assert.Contains(segment.Key, keys);
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
        Assert.All(_fixture.Capture.Texts, text => Assert.DoesNotContain("nvr-secret", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_local_storage_applies_from_the_next_segment_of_a_running_recording()
    {
        var first = Path.Combine(_fixture.DataDirectory, "created-first");
        var second = Path.Combine(_fixture.DataDirectory, "created-second");
        var token = (await _fixture.Device.CallAsync("CreateStorageConfiguration", DeviceStorageTests.LocalData(first))).Text(Wire.Tds + "Token");
        using var segments = new EventCollector<SegmentRecordedEvent>(_fixture.Host.Control.System);
        var scenario = await RecordingScenario.CreateAsync(_fixture.Recording, _fixture.Receiver, "moved", token, "MP4", "moved", "PT1S", _fixture.RtspUrl("h264"));
        var before = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored, Patience);
        Assert.True(File.Exists(Path.Combine(first, before.Key)), $"{before.Key} not under {first}");

        await _fixture.Device.CallAsync(
            "SetStorageConfiguration",
            $"<tds:StorageConfiguration token=\"{token}\"><tds:Data type=\"LocalStorage\"><tds:LocalPath>{new Uri(second).AbsoluteUri}</tds:LocalPath></tds:Data></tds:StorageConfiguration>");

        // Segments already open when the change was acknowledged finish in the first directory (at most the one or
        // two of a loaded machine); from then on every segment of the same running recording lands in the second.
        var after = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored, Patience);
        for (var skipped = 0; skipped < 3 && !File.Exists(Path.Combine(second, after.Key)); skipped++)
        {
            Assert.True(File.Exists(Path.Combine(first, after.Key)), $"{after.Key} is in neither directory");
            after = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored, Patience);
        }

        Assert.True(File.Exists(Path.Combine(second, after.Key)), $"{after.Key} not under {second}");
        var next = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored, Patience);
        Assert.True(File.Exists(Path.Combine(second, next.Key)), $"{next.Key} not under {second}");
        Assert.Equal(SpanKind.Mp4, ObjectKeyParser.Parse(after.Key).Kind);
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
    }
}
