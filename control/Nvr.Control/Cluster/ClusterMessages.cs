using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Cluster;

/// <summary>The actors of the control singleton a node-local proxy forwards to.</summary>
public static class ControlParts
{
    public const string RecordingControl = "recording-control";
    public const string Schedules = "schedules";
    public const string DeviceSettings = "device-settings";
    public const string StorageConfigurations = "storage-configurations";
    public const string Plans = "plans";
}

/// <summary>Messages between nodes written by <see cref="ClusterMessageSerializer"/> (System.Text.Json, Nvr types only).</summary>
public interface IClusterMessage
{
}

/// <summary>
/// A message for one actor of the control singleton (<see cref="ControlParts"/>), sent through the singleton proxy;
/// <paramref name="Reply"/>: the asker waits for a reply, which comes back as a <see cref="ControlReply"/>.
/// </summary>
public sealed record ControlEnvelope(string Part, object Message, bool Reply) : IClusterMessage;

/// <summary>The reply of a control singleton actor to an enveloped message, on its way back to the asking node.</summary>
public sealed record ControlReply(object Message) : IClusterMessage;

/// <summary>A message for the sharded entity of one recording (entity id = recording token).</summary>
public interface IRecordingEntityMessage : IClusterMessage
{
    string Token { get; }
}

/// <summary>The plan of a recording, from the plan distributor (on every change and periodically) to its entity.</summary>
public sealed record AssignRecordingPlan(string Token, RecordingPlan Plan, TimeSpan Retention) : IRecordingEntityMessage;

/// <summary>The recording has no plan any more: its entity stops recording and passivates (forgotten by remember-entities).</summary>
public sealed record UnplanRecording(string Token) : IRecordingEntityMessage;

/// <summary>An entity (re)started without a message (remember-entities, failover) asks the plan distributor for its plan.</summary>
public sealed record GetRecordingPlan(string Token) : IClusterMessage;

/// <summary>The plan distributor's answer: <paramref name="Known"/> false while recording control has not planned yet (ask again).</summary>
public sealed record RecordingPlanReply(string Token, bool Known, RecordingPlan? Plan, TimeSpan Retention) : IClusterMessage;

/// <summary>Entity → its node: record this plan here.</summary>
public sealed record HostRecording(string Token, RecordingPlan Plan, TimeSpan Retention) : IClusterMessage;

/// <summary>Entity → its node: this recording no longer runs here.</summary>
public sealed record ReleaseRecording(string Token);

/// <summary>Plan distributor → its node: the AlwaysConnect receivers no plan uses (kept connected on the singleton's node).</summary>
public sealed record SetStandbyReceivers(IReadOnlyList<Receiver> Receivers);

/// <summary>Writer lease round trip, node → the <see cref="WriterLeaseActor"/> of another node (every renew interval).</summary>
public sealed record LeasePing(long Round) : IClusterMessage;

/// <summary>The answer: the answering node sees the asking node Up and reachable (sent only then).</summary>
public sealed record LeasePong(long Round) : IClusterMessage;
