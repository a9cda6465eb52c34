using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Told by the recording control actor: the schedule tokens recording jobs refer to.</summary>
public sealed record ScheduleTokensInUse(IReadOnlySet<string> Tokens);
