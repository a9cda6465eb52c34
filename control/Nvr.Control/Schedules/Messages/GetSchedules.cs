using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies SchedulesReply or ScheduleRejected.</summary>
public sealed record GetSchedules(IReadOnlyList<string> Tokens);
