using System.Text;
using Akka.Actor;
using Nvr.Control.Persistence;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>
/// Seed 5.13 default tracks: filled-in tracks are marked as defaults, an engine report "Idle, nothing to record" for
/// one keeps its reason (the job is PartiallyActive, not Error), and the mark survives the journal.
/// </summary>
public sealed class DefaultTrackMappingTests : SqliteTestKit
{
    [Fact]
    public void Tracks_filled_in_by_the_device_are_marked_defaulted_and_named_ones_are_not()
    {
        var control = StartControl();
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording())).RecordingToken;

        var defaulted = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Idle", 1))).Configuration;
        Assert.Equal(["video", "audio", "metadata"], defaulted.Sources.Single().Tracks.Select(t => t.SourceTag));
        Assert.All(defaulted.Sources.Single().Tracks, t => Assert.True(t.Defaulted));
        Assert.Equal(3, defaulted.Sources.Single().Tracks.Count);

        var named = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Idle", 1, "VIDEO001", "META001"))).Configuration;
        Assert.Equal(2, named.Sources.Single().Tracks.Count);
        Assert.All(named.Sources.Single().Tracks, t => Assert.False(t.Defaulted));
    }

    [Fact]
    public void An_Idle_report_with_a_reason_keeps_the_reason_and_the_job_is_PartiallyActive()
    {
        var engine = CreateTestProbe();
        var control = Sys.ActorOf(RecordingControlActor.Props(ControlLimits.Default, TimeProvider.System, "default-tracks", engine.Ref));
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording())).RecordingToken;
        var job = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 1))).JobToken;

        control.Tell(new TrackDataStateChanged(job, "VIDEO001", JobStates.Active, null));
        control.Tell(new TrackDataStateChanged(job, "AUDIO001", JobStates.Active, null));
        control.Tell(new TrackDataStateChanged(job, "META001", JobStates.Idle, "no stream matches the default SourceTag 'metadata': nothing to record"));
        var state = Ask<JobStateReply>(control, new GetRecordingJobState(job)).State;

        Assert.Equal(JobStates.PartiallyActive, state.State);
        var metadata = state.Sources.Single().Tracks.Single(t => t.Destination == "META001");
        Assert.Equal((JobStates.Idle, "metadata"), (metadata.State, metadata.SourceTag));
        Assert.Contains("nothing to record", metadata.Error, StringComparison.Ordinal);

        // A plain Idle (the recording stopped) clears the reason.
        control.Tell(new TrackDataStateChanged(job, "META001", JobStates.Idle, null));
        Assert.Null(Ask<JobStateReply>(control, new GetRecordingJobState(job)).State.Sources.Single().Tracks.Single(t => t.Destination == "META001").Error);
    }

    [Fact]
    public void The_defaulted_mark_is_stored_only_when_true_and_read_back()
    {
        var serializer = new ControlEventSerializer((ExtendedActorSystem)Sys);
        var named = new JobCreated("JOB0001", AutoJob("REC0001", "Idle", 1, "VIDEO001"));
        var namedJson = Encoding.UTF8.GetString(serializer.ToBinary(named));
        Assert.DoesNotContain("Defaulted", namedJson, StringComparison.Ordinal);

        var track = new RecordingJobTrack("video", "VIDEO001") { Defaulted = true };
        var defaulted = named with { Configuration = named.Configuration with { Sources = [new RecordingJobSource(null, true, [track])] } };
        var read = (JobCreated)serializer.FromBinary(serializer.ToBinary(defaulted), serializer.Manifest(defaulted));
        Assert.True(read.Configuration.Sources.Single().Tracks.Single().Defaulted);
        var readNamed = (JobCreated)serializer.FromBinary(Encoding.UTF8.GetBytes(namedJson), serializer.Manifest(named));
        Assert.False(readNamed.Configuration.Sources.Single().Tracks.Single().Defaulted);
    }
}
