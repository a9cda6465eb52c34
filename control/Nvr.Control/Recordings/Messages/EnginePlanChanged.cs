using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>
/// Told to the recording engine whenever what must be recorded changes: the complete set of plans, and the
/// MaximumRetentionTime of every recording (0 = unlimited), recording or not, and the AlwaysConnect receivers that no
/// plan uses (they are kept connected anyway).
/// </summary>
public sealed record EnginePlanChanged(
    IReadOnlyList<RecordingPlan> Plans, IReadOnlyDictionary<string, TimeSpan> Retention, IReadOnlyList<Receiver> StandbyReceivers);
