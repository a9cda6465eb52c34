using Akka.Actor;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>With an engine attached, the control plane tells it what to record and Active means "data flows".</summary>
public sealed class EnginePlanTests : SqliteTestKit
{
    [Fact]
    public void The_engine_is_told_the_elected_sources_and_job_state_follows_its_reports()
    {
        var engine = CreateTestProbe();
        var control = Sys.ActorOf(RecordingControlActor.Props(ControlLimits.Default, TimeProvider.System, "engine-plan", engine.Ref));
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording())).RecordingToken;
        var receiver = Ask<ReceiverCreatedReply>(control, new CreateReceiver(new ReceiverConfiguration("AutoConnect", "rtsp://127.0.0.1:1/x", "RTP-Unicast", "RTSP"))).ReceiverToken;
        var source = new RecordingJobSource(new SourceReference(receiver, SourceReference.ReceiverType), null, []);
        var job = Ask<JobCreatedReply>(control, new CreateRecordingJob(new RecordingJobConfiguration(recording, "Active", 1, [source], null, null))).JobToken;

        var plan = engine.FishForMessage<EnginePlanChanged>(p => p.Plans.Count == 1).Plans.Single();
        Assert.Equal(recording, plan.RecordingToken);
        var planned = plan.Sources.Single();
        Assert.Equal((job, receiver, "rtsp://127.0.0.1:1/x"), (planned.JobToken, planned.ReceiverToken, planned.Receiver.MediaUri));
        Assert.Equal(["VIDEO001", "AUDIO001", "META001"], planned.Tracks.Select(t => t.Destination));

        // Elected but no data yet: Idle. Data on one track: PartiallyActive. An error: Error.
        Assert.Equal(JobStates.Idle, Ask<JobStateReply>(control, new GetRecordingJobState(job)).State.State);
        control.Tell(new TrackDataStateChanged(job, "VIDEO001", JobStates.Active, null));
        Assert.Equal(JobStates.PartiallyActive, Ask<JobStateReply>(control, new GetRecordingJobState(job)).State.State);
        control.Tell(new TrackDataStateChanged(job, "AUDIO001", JobStates.Error, "Incompatible Stream"));
        Assert.Equal(JobStates.Error, Ask<JobStateReply>(control, new GetRecordingJobState(job)).State.State);

        // Idle mode: the plan goes away.
        Ask<CommandDone>(control, new SetRecordingJobMode(job, "Idle"));
        engine.FishForMessage<EnginePlanChanged>(p => p.Plans.Count == 0);
    }

    [Fact]
    public void A_recording_no_active_job_feeds_is_told_to_the_engine_as_unplanned_with_its_target_and_tracks()
    {
        // issue 17: the engine indexes what a crash left of it without a runner, so it needs where its segments are
        var engine = CreateTestProbe();
        var control = Sys.ActorOf(RecordingControlActor.Props(ControlLimits.Default, TimeProvider.System, "engine-unplanned", engine.Ref));
        var target = new RecordingTarget("local", "MP4", "cam", "main", null, TimeSpan.FromSeconds(10), []);
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording() with { Target = target })).RecordingToken;
        var job = Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 1))).JobToken;
        engine.FishForMessage<EnginePlanChanged>(p => p.Plans.Count == 1 && p.Unplanned.Count == 0);

        Ask<CommandDone>(control, new SetRecordingJobMode(job, "Idle"));
        var told = engine.FishForMessage<EnginePlanChanged>(p => p.Plans.Count == 0);
        var unplanned = Assert.Single(told.Unplanned);
        Assert.Equal((recording, target), (unplanned.RecordingToken, unplanned.Target));
        Assert.Equal(["VIDEO001", "AUDIO001", "META001"], unplanned.Tracks.Select(t => t.Token));
    }

    [Fact]
    public void The_plan_carries_the_encryption_key_and_the_active_override()
    {
        var engine = CreateTestProbe();
        var limits = ControlLimits.Default;
        var control = Sys.ActorOf(RecordingControlActor.Props(limits, TimeProvider.System, "engine-keys", engine.Ref));
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var target = new RecordingTarget("local", "MP4", null, null, null, TimeSpan.FromSeconds(60),
            [new EncryptionEntry("CENC", "00112233445566778899aabbccddeeff", key, [])]);
        var recording = Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording() with { Target = target })).RecordingToken;
        Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(recording, "Active", 1)));
        Ask<CommandDone>(control, new OverrideSegmentDuration(recording, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)));

        var plan = engine.FishForMessage<EnginePlanChanged>(p => p.Plans.Count == 1 && p.Plans[0].Configuration.Target?.Override is not null).Plans[0];
        Assert.Equal(key, plan.Configuration.Target!.Encryption.Single().Key);
        Assert.Equal(TimeSpan.FromSeconds(5), plan.Configuration.Target.Override!.Duration);

        // Clients never see the key.
        var visible = Ask<RecordingConfigurationReply>(control, new GetRecordingConfiguration(recording)).Configuration;
        Assert.Null(visible.Target!.Encryption.Single().Key);
    }
}
