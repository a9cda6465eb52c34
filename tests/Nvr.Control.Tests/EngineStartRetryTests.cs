using Akka.Actor;
using Nvr.Control.Engine;
using Nvr.Control.Engine.Messages;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Recording.Engine;
using Nvr.Storage.Configuration;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>
/// A plan that cannot start (its storage is not in this node's catalog yet: in cluster mode the catalog follows the
/// control singleton's storage configurations a little behind the plans) is tried again while it stays planned, and
/// starts once the storage is there; its tracks are reported in Error with the reason meanwhile, logged once.
/// </summary>
public sealed class EngineStartRetryTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _root = new("nvr-control-tests");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _root.Dispose();
        }
    }

    [Fact]
    public async Task A_plan_whose_storage_is_not_configured_yet_starts_once_the_storage_is_there()
    {
        var catalog = new StorageCatalog([new LocalStorageConfiguration("local", _root.Path)]);
        var settings = new EngineSettings(catalog, Path.Combine(_root.Path, "spool"));
        var control = CreateTestProbe();
        var engine = Sys.ActorOf(RecordingEngineActor.Props(settings), "engine");
        var target = new RecordingTarget("later", "MP4", "cam", null, null, TimeSpan.FromSeconds(2), []);
        var plan = new RecordingPlan(
            "REC0001",
            CameraRecording() with { Target = target },
            [new Track("VIDEO001", new TrackConfiguration(TrackType.Video, string.Empty))],
            [new SourcePlan("JOB0001", "RCV0001", ReceiverConfiguration.Empty, [new RecordingJobTrack("video", "VIDEO001")])]);

        await EventFilter.Error(contains: "recording REC0001 cannot start: storage 'later' is not configured").ExpectOneAsync(() =>
        {
            engine.Tell(new EnginePlanChanged([plan], new Dictionary<string, TimeSpan>(), [], []), control.Ref);
            return Task.CompletedTask;
        });
        var failed = control.ExpectMsg<TrackDataStateChanged>(Patience);
        Assert.Equal(("JOB0001", "VIDEO001", JobStates.Error), (failed.JobToken, failed.Destination, failed.State));
        Assert.Contains("storage 'later' is not configured", failed.Error, StringComparison.Ordinal);
        engine.Tell(GetEngineStatistics.Instance);
        Assert.Equal(0, ExpectMsg<EngineStatistics>(Patience).Recordings);

        // the storage arrives in the catalog: the retry starts the recording (NeverConnect receiver: its runner
        // reports the track at once, a fresh report from a running recording)
        await EventFilter.Info(contains: "recording REC0001: started after").ExpectOneAsync(Patience, () =>
        {
            catalog.Set(new LocalStorageConfiguration("later", Path.Combine(_root.Path, "later")));
            return Task.CompletedTask;
        });
        engine.Tell(GetEngineStatistics.Instance);
        Assert.Equal(1, ExpectMsg<EngineStatistics>(Patience).Recordings);
    }
}
