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
/// Each recording runs in a child of the engine: a failing data path is restarted by the engine's supervisor (counted
/// and logged), the restarted recording runs again, the others are untouched, and a coordinated stop answers once every
/// recording closed.
/// </summary>
public sealed class EngineSupervisionTests : Akka.TestKit.Xunit2.TestKit
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

    private static RecordingPlan Plan(string recording, string job) => new(
        recording,
        CameraRecording(),
        [new Track("VIDEO001", new TrackConfiguration(TrackType.Video, string.Empty))],
        // NeverConnect: the runner reports the track in Error at once, without any network
        [new SourcePlan(job, "RCV0001", ReceiverConfiguration.Empty, [new RecordingJobTrack("video", "VIDEO001")])]);

    [Fact]
    public async Task A_failing_recording_is_restarted_counted_and_logged_and_the_others_keep_running()
    {
        var settings = new EngineSettings(new StorageCatalog([new LocalStorageConfiguration("local", _root.Path)]), Path.Combine(_root.Path, "spool"));
        var control = CreateTestProbe();
        var engine = Sys.ActorOf(RecordingEngineActor.Props(settings), "engine");
        engine.Tell(new EnginePlanChanged([Plan("REC0001", "JOB0001"), Plan("REC0002", "JOB0002")], new Dictionary<string, TimeSpan>(), [], []), control.Ref);
        var started = new[]
        {
            control.ExpectMsg<TrackDataStateChanged>(Patience), control.ExpectMsg<TrackDataStateChanged>(Patience),
        };
        Assert.Equal(["JOB0001", "JOB0002"], started.Select(s => s.JobToken).Order());
        Assert.All(started, s => Assert.Equal(JobStates.Error, s.State));

        var runner = await Sys.ActorSelection("/user/engine/recording-REC0001-*").ResolveOne(Patience);
        await EventFilter.Warning(contains: "recording REC0001: the data path failed (boom); restarting it (restart 1").ExpectOneAsync(() =>
        {
            runner.Tell(new RunnerFailed(new InvalidOperationException("boom")));
            return Task.CompletedTask;
        });

        // the new incarnation starts a fresh runner: its first report arrives again
        var again = control.ExpectMsg<TrackDataStateChanged>(Patience);
        Assert.Equal(("JOB0001", "VIDEO001", JobStates.Error), (again.JobToken, again.Destination, again.State));
        engine.Tell(GetEngineStatistics.Instance);
        Assert.Equal(new EngineStatistics(2, 1, 0), ExpectMsg<EngineStatistics>(Patience));

        // a coordinated stop answers once the recordings closed; the runners are gone
        engine.Tell(StopRecordings.Instance);
        ExpectMsg<RecordingsStopped>(Patience);
        engine.Tell(GetEngineStatistics.Instance);
        Assert.Equal(0, ExpectMsg<EngineStatistics>(Patience).Recordings);
    }
}
