using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies ScheduleInfoReply or ScheduleRejected.</summary>
public sealed record GetScheduleInfo(IReadOnlyList<string> Tokens);
