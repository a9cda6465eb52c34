using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text.Json;
using Akka.Actor;
using Nvr.Control.Cluster;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests.Cluster;

/// <summary>
/// What crosses between cluster nodes: plans, commands and replies written by <see cref="ClusterMessageSerializer"/>
/// come back equal (the ones a real control actor produces), foreign types are refused, and the shard allocation
/// places new shards on the emptiest region and never rebalances.
/// </summary>
public sealed class ClusterMessageTests : SqliteTestKit
{
    [Fact]
    public void Plans_commands_and_replies_of_a_real_control_actor_cross_nodes_unchanged()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        var engine = CreateTestProbe();
        var control = Sys.ActorOf(RecordingControlActor.Props(ControlLimits.Default, TimeProvider.System, "cluster-wire", engine.Ref));
        var create = new CreateRecording(CameraRecording());
        var recording = Ask<RecordingCreatedReply>(control, create).RecordingToken;
        var receiver = Ask<ReceiverCreatedReply>(control, new CreateReceiver(new ReceiverConfiguration("AutoConnect", "rtsp://127.0.0.1:1/x", "RTP-Unicast", "RTSP"))).ReceiverToken;
        var source = new RecordingJobSource(new SourceReference(receiver, SourceReference.ReceiverType), null, []);
        Ask<JobCreatedReply>(control, new CreateRecordingJob(new RecordingJobConfiguration(recording, "Active", 1, [source], null, null)));
        var plan = engine.FishForMessage<EnginePlanChanged>(p => p.Plans.Count == 1).Plans.Single();
        var recordings = Ask<RecordingsReply>(control, GetRecordings.Instance);

        var assign = (AssignRecordingPlan)RoundTrip(serializer, new AssignRecordingPlan(recording, plan, TimeSpan.FromHours(1)));
        Assert.Equal(plan, assign.Plan);
        Assert.Equal((recording, TimeSpan.FromHours(1)), (assign.Token, assign.Retention));

        var envelope = (ControlEnvelope)RoundTrip(serializer, new ControlEnvelope(ControlParts.RecordingControl, create, Reply: true));
        Assert.Equal((ControlParts.RecordingControl, true), (envelope.Part, envelope.Reply));
        Assert.Equal(create.Configuration, ((CreateRecording)envelope.Message).Configuration);

        var reply = (ControlReply)RoundTrip(serializer, new ControlReply(recordings));
        Assert.IsType<RecordingsReply>(reply.Message);
        Assert.Equal(JsonSerializer.Serialize(recordings), JsonSerializer.Serialize((RecordingsReply)reply.Message));
        Assert.Contains(recording, JsonSerializer.Serialize((RecordingsReply)reply.Message), StringComparison.Ordinal);

        var rejected = (ControlReply)RoundTrip(serializer, new ControlReply(new CommandRejected(ControlFault.NoRecording, "no such recording")));
        Assert.Equal(new CommandRejected(ControlFault.NoRecording, "no such recording"), rejected.Message);
        var failed = (Status.Failure)((ControlReply)RoundTrip(serializer, new ControlReply(new Status.Failure(new IOException("disk gone"))))).Message;
        Assert.Equal("disk gone", failed.Cause.Message);
    }

    [Fact]
    public void Events_relayed_to_other_nodes_arrive_as_they_were_raised()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        var at = new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero);
        object[] events =
        [
            new Events.RecordingJobStateEvent(at, "JOB0001", "Active", new JobStateInformation("REC0001", "Active", [])),
            new Events.RecordingConfigurationEvent(at, "REC0001", CameraRecording()),
            new Events.CreateRecordingEvent(at, "REC0001"),
            new Events.DeviceEvent("tns1:RuleEngine/CellMotionDetector/Motion", at, "Changed", [new("VideoSourceToken", "vs1")], [new("IsMotion", "true")]),
            new Events.PropertyDeletedEvent(at, "RecordingConfig/JobState", [new("RecordingJobToken", "JOB0001")]),
            new Events.ScheduleStateEvent(at, "SCH1", "office hours", true, false),
            new Events.SegmentRecordedEvent("REC0001", "a/b/16/00-00.000Z.0.mp4", ["VIDEO001"], at.UtcDateTime, at.UtcDateTime.AddSeconds(2), 1234, true),
            Storage.StorageConfigurationsChanged.Instance,
        ];
        foreach (var raised in events)
        {
            var relayed = (RelayedEvent)RoundTrip(serializer, new RelayedEvent("akka.tcp://nvr@127.0.0.1:4053#1", raised));
            Assert.Equal("akka.tcp://nvr@127.0.0.1:4053#1", relayed.Origin);
            Assert.IsType(raised.GetType(), relayed.Event);
            // every item a subscriber is sent (computed ones included) is the same on the receiving node
            Assert.Equal(JsonSerializer.Serialize(raised, raised.GetType()), JsonSerializer.Serialize(relayed.Event, relayed.Event.GetType()));
        }

        var motion = (Events.DeviceEvent)((RelayedEvent)RoundTrip(serializer, new RelayedEvent("n", events[3]))).Event;
        Assert.Equal((true, true, "tns1:RuleEngine/CellMotionDetector/Motion"), (motion.IsProperty, motion.Condition == true, motion.Topic));
    }

    [Fact]
    public void A_message_naming_a_type_outside_the_appliance_is_refused()
    {
        var serializer = new ClusterMessageSerializer((ExtendedActorSystem)Sys);
        Assert.Throws<SerializationException>(() => serializer.FromBinary("{}"u8.ToArray(), "System.IO.FileInfo, System.Runtime"));
        var forged = """{"Part":"plans","Reply":false,"Type":"System.IO.DirectoryInfo, System.Runtime","Message":"/"}"""u8.ToArray();
        Assert.Throws<SerializationException>(() => serializer.FromBinary(forged, serializer.Manifest(new ControlEnvelope("plans", new GetRecordingPlan("REC0001"), false))));
    }

    [Fact]
    public void The_shard_of_a_token_is_the_same_in_every_process_and_within_the_shard_count()
    {
        Assert.Equal(RecordingMessageExtractor.ShardOf("REC0001"), new RecordingMessageExtractor().ShardId(new UnplanRecording("REC0001")));
        Assert.Equal("REC0001", new RecordingMessageExtractor().EntityId(new AssignRecordingPlan("REC0001", null!, TimeSpan.Zero)));
        Assert.Equal("26", RecordingMessageExtractor.ShardOf("REC0001")); // FNV-1a, not string.GetHashCode (randomized per process)
        var shards = Enumerable.Range(1, 5000).Select(i => int.Parse(RecordingMessageExtractor.ShardOf($"REC{i:D4}"), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(shards, s => Assert.InRange(s, 0, ClusterOptions.ShardCount - 1));
        Assert.Equal(ClusterOptions.ShardCount, shards.Distinct().Count());
    }

    [Fact]
    public async Task New_shards_go_to_the_emptiest_region_and_nothing_is_ever_rebalanced()
    {
        var (a, b, c) = (CreateTestProbe().Ref, CreateTestProbe().Ref, CreateTestProbe().Ref);
        var allocations = ImmutableDictionary<IActorRef, IImmutableList<string>>.Empty
            .Add(a, ImmutableList.Create("1", "2", "3", "4", "5"))
            .Add(b, ImmutableList.Create("6"))
            .Add(c, ImmutableList<string>.Empty); // a node that just returned
        var strategy = new StableShardAllocation();
        Assert.Equal(c, await strategy.AllocateShard(a, "7", allocations));
        Assert.Equal(b, await strategy.AllocateShard(b, "7", allocations.SetItem(c, ImmutableList.Create("8"))));
        Assert.Empty(await strategy.Rebalance(allocations, ImmutableHashSet<string>.Empty));
    }

    private static object RoundTrip(ClusterMessageSerializer serializer, object message) =>
        serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
}
