using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Told by the schedule service; re-elects jobs gated by that schedule.</summary>
public sealed record ScheduleStateChanged(string ScheduleToken, bool Exists, bool Active);
