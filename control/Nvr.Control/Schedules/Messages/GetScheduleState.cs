using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies ScheduleStateReply or ScheduleRejected.</summary>
public sealed record GetScheduleState(string Token);
