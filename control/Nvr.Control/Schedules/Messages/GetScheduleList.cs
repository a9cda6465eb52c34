using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies SchedulePageReply or ScheduleRejected.</summary>
public sealed record GetScheduleList(int? Limit, string? StartReference);
