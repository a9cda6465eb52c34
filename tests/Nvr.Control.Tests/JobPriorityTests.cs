using Akka.Actor;
using Nvr.Control.Events;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>Seed Annex A and 5.3.3: per-track priority election among Active jobs.</summary>
public sealed class JobPriorityTests : SqliteTestKit
{
    private string State(Akka.Actor.IActorRef control, string job) =>
        Ask<JobStateReply>(control, new GetRecordingJobState(job)).State.State;

    [Fact]
    public void Annex_A_steps_1_to_4()
    {
        var control = StartControl();
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording())).RecordingToken;

        // Step 1: J1, priority 2, Active.
        var j1 = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 2))).JobToken;
        Assert.Equal(JobStates.Active, State(control, j1));

        // Step 2: J2, priority 4, Idle.
        var j2 = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Idle", 4))).JobToken;
        Assert.Equal(JobStates.Active, State(control, j1));
        Assert.Equal(JobStates.Idle, State(control, j2));

        // Step 3: J3, priority 3, Active: takes precedence over J1.
        var j3 = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 3))).JobToken;
        Assert.Equal(JobStates.Idle, State(control, j1));
        Assert.Equal(JobStates.Idle, State(control, j2));
        Assert.Equal(JobStates.Active, State(control, j3));

        // Step 4: J3 deleted, J1 is the highest-priority active job again.
        Ask<CommandDone>(control, new DeleteRecordingJob(j3));
        Assert.Equal(JobStates.Active, State(control, j1));
        Assert.Equal(JobStates.Idle, State(control, j2));
    }

    [Fact]
    public void Priority_is_decided_per_track_for_overlapping_track_sets()
    {
        var control = StartControl();
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording())).RecordingToken;
        var high = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 5, "VIDEO001"))).JobToken;
        var low = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 1, "VIDEO001", "AUDIO001"))).JobToken;

        var lowState = Ask<JobStateReply>(control, new GetRecordingJobState(low)).State;
        Assert.Equal(JobStates.PartiallyActive, lowState.State);
        var tracks = lowState.Sources.Single().Tracks.ToDictionary(t => t.Destination, t => t.State);
        Assert.Equal(JobStates.Idle, tracks["VIDEO001"]);
        Assert.Equal(JobStates.Active, tracks["AUDIO001"]);
        Assert.Equal(JobStates.Active, State(control, high));

        // Deactivating the high-priority job hands VIDEO001 to the other job.
        Ask<CommandDone>(control, new SetRecordingJobMode(high, "Idle"));
        Assert.Equal(JobStates.Active, State(control, low));
        Assert.Equal(JobStates.Idle, State(control, high));
    }

    [Fact]
    public void Job_state_changes_are_published_with_the_aggregate_state()
    {
        var control = StartControl();
        Sys.EventStream.Subscribe(TestActor, typeof(RecordingJobStateEvent));
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording())).RecordingToken;
        control.Tell(new CreateRecordingJob(AutoJob(recording, "Idle", 1)), TestActor);
        var job = ExpectMsg<JobCreatedReply>().JobToken;
        var idle = ExpectMsg<RecordingJobStateEvent>();
        Assert.Equal((job, JobStates.Idle), (idle.RecordingJobToken, idle.State));
        Assert.Equal("RecordingConfig/JobState", idle.Topic);

        control.Tell(new SetRecordingJobMode(job, "Active"), TestActor);
        ExpectMsg<CommandDone>();
        var active = ExpectMsg<RecordingJobStateEvent>();
        Assert.Equal(JobStates.Active, active.State);
        Assert.True(active.IsProperty);
    }

    [Fact]
    public void A_job_gated_by_a_schedule_records_only_while_the_schedule_is_active()
    {
        var control = StartControl();
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording())).RecordingToken;
        var fallback = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 1))).JobToken;
        var scheduled = Ask<JobCreatedReply>(control, new CreateRecordingJob(
            AutoJob(recording, "Active", 9) with { ScheduleToken = "office-hours" })).JobToken;

        // The schedule does not exist yet: the lower-priority job records (seed 4.1.2).
        Assert.Equal(JobStates.Idle, State(control, scheduled));
        Assert.Equal(JobStates.Active, State(control, fallback));

        control.Tell(new ScheduleStateChanged("office-hours", true, true));
        Assert.Equal(JobStates.Active, State(control, scheduled));
        Assert.Equal(JobStates.Idle, State(control, fallback));

        control.Tell(new ScheduleStateChanged("office-hours", true, false));
        Assert.Equal(JobStates.Idle, State(control, scheduled));
        Assert.Equal(JobStates.Active, State(control, fallback));
    }

    [Fact]
    public void An_engine_error_on_a_track_makes_the_job_state_Error()
    {
        var control = StartControl();
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording())).RecordingToken;
        var job = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 1))).JobToken;
        control.Tell(new TrackDataStateChanged(job, "VIDEO001", JobStates.Error, "Incompatible Stream"));
        var state = Ask<JobStateReply>(control, new GetRecordingJobState(job)).State;
        Assert.Equal(JobStates.Error, state.State);
        var video = state.Sources.Single().Tracks.Single(t => t.Destination == "VIDEO001");
        Assert.Equal("Incompatible Stream", video.Error);
    }
}
