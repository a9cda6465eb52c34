using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtsp;
using Nvr.Recording.Engine;
using Nvr.Recording.Tests.Support;
using Nvr.Storage.Configuration;
using static Nvr.Recording.Tests.Support.RecordingRunnerEvents;

namespace Nvr.Recording.Tests.Integration.Engine;

/// <summary>
/// The runner of one recording, driven directly (no actors): against the GStreamer RTSP server (H.264 + AAC, no
/// metadata) it records video and audio, leaves a default metadata track Idle with the reason, reports a named
/// SourceTag that matches nothing as an Error, and a receiver that is not to connect as an Error at once.
/// </summary>
public sealed class RecordingRunnerTests : IClassFixture<MediaFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly RecordingTrack[] CameraTracks =
        [new("VIDEO001", MediaKind.Video), new("AUDIO001", MediaKind.Audio), new("META001", MediaKind.Metadata)];

    private readonly MediaFixture _media;
    private readonly TempDirectory _root = new("nvr-runner-tests");
    private readonly EngineSettings _settings;

    public RecordingRunnerTests(MediaFixture media)
    {
        _media = media;
        _settings = new EngineSettings(new StorageCatalog([new LocalStorageConfiguration("local", _root.Path)]), Path.Combine(_root.Path, "spool"))
        {
            Reconnect = new BackoffPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)),
        };
    }

    public void Dispose() => _root.Dispose();

    private static RunnerPlan Plan(string name, ReceiverEndpoint? endpoint, params TrackRoute[] routes) => new(
        "REC0001",
        new RecordingTarget { Format = RecordingFormat.Mp4, Prefix = name, SegmentDuration = TimeSpan.FromSeconds(2) },
        CameraTracks,
        [new RunnerSourcePlan("JOB0001", "RCV0001", endpoint, routes, endpoint is null ? "receiver RCV0001 is NeverConnect" : null)]);

    private ReceiverEndpoint Camera(string name) => new(_media.UriFor($"h264?cam={name}"), RtspTransport.TcpInterleaved);

    [Fact]
    public async Task Default_tracks_record_video_and_audio_and_leave_the_missing_metadata_Idle()
    {
        var events = new RecordingRunnerEvents();
        var sink = new MemorySink();
        var plan = Plan("defaults", Camera("runner-defaults"),
            new TrackRoute("video", "VIDEO001", Defaulted: true), new TrackRoute("audio", "AUDIO001", Defaulted: true),
            new TrackRoute("metadata", "META001", Defaulted: true));
        var runner = new RecordingRunner(plan, _settings, sink, events);
        runner.Start();

        var metadata = await events.NextAsync<Track>(t => t.Destination == "META001", Patience);
        Assert.Equal(TrackRecordingState.Idle, metadata.State);
        Assert.Contains("default SourceTag 'metadata': nothing to record", metadata.Reason, StringComparison.Ordinal);
        await events.NextAsync<Track>(t => t.Destination == "VIDEO001" && t.State == TrackRecordingState.Active, Patience);
        await events.NextAsync<Track>(t => t.Destination == "AUDIO001" && t.State == TrackRecordingState.Active, Patience);
        var segment = await events.NextAsync<SegmentCompleted>(_ => true, Patience);
        Assert.Equal(["AUDIO001", "VIDEO001"], segment.Tracks.Order());

        await runner.DisposeAsync();
        var span = await events.NextAsync<SpanClosed>(_ => true, Patience);
        Assert.NotNull(span.EndKey);
        Assert.Contains(sink.Objects.Keys, k => k == span.EndKey);
        Assert.DoesNotContain(events.Reports.OfType<Track>(), t => t.State == TrackRecordingState.Error);
        Assert.DoesNotContain(events.Reports, r => r is Failure);
        Assert.Equal(ConnectionState.NotConnected, events.Reports.OfType<Receiver>().Last().State);
        Assert.All(CameraTracks, t => Assert.Equal(TrackRecordingState.Idle, events.Reports.OfType<Track>().Last(r => r.Destination == t.Token).State));
    }

    [Fact]
    public async Task A_named_SourceTag_that_matches_no_stream_is_an_Error_with_the_reason()
    {
        var events = new RecordingRunnerEvents();
        var runner = new RecordingRunner(Plan("named", Camera("runner-named"),
            new TrackRoute("video", "VIDEO001"), new TrackRoute("metadata", "META001")), _settings, new MemorySink(), events);
        runner.Start();

        var metadata = await events.NextAsync<Track>(t => t.Destination == "META001", Patience);
        Assert.Equal(new Track("JOB0001", "META001", TrackRecordingState.Error, "SourceTag 'metadata' matches no stream of receiver RCV0001"), metadata);
        await events.NextAsync<Track>(t => t.Destination == "VIDEO001" && t.State == TrackRecordingState.Active, Patience);
        await runner.DisposeAsync();
    }

    [Fact]
    public async Task A_receiver_that_is_not_to_connect_puts_its_tracks_in_Error_at_once()
    {
        var events = new RecordingRunnerEvents();
        var runner = new RecordingRunner(Plan("never", null, new TrackRoute("video", "VIDEO001")), _settings, new MemorySink(), events);
        runner.Start();

        Assert.Equal(new Track("JOB0001", "VIDEO001", TrackRecordingState.Error, "receiver RCV0001 is NeverConnect"), Assert.IsType<Track>(Assert.Single(events.Reports)));
        await runner.DisposeAsync();
        Assert.Equal(TrackRecordingState.Idle, events.Reports.OfType<Track>().Last().State);
    }
}
