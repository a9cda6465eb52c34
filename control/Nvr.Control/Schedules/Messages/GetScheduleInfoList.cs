using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies ScheduleInfoPageReply or ScheduleRejected.</summary>
public sealed record GetScheduleInfoList(int? Limit, string? StartReference);
