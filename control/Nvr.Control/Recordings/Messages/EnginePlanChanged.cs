using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>
/// Told to the recording engine whenever what must be recorded changes: the complete set of plans, and the
/// MaximumRetentionTime of every recording (0 = unlimited), recording or not, and the AlwaysConnect receivers that no
/// plan uses (they are kept connected anyway), and the recordings without a plan (where their segments are stored and
/// their tracks: the engine indexes the segments a crash left behind of them once).
/// </summary>
public sealed record EnginePlanChanged(
    IReadOnlyList<RecordingPlan> Plans, IReadOnlyDictionary<string, TimeSpan> Retention, IReadOnlyList<Receiver> StandbyReceivers,
    IReadOnlyList<UnplannedRecording> Unplanned);
