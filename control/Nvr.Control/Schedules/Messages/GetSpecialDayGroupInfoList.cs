using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies SpecialDayGroupInfoPageReply or ScheduleRejected.</summary>
public sealed record GetSpecialDayGroupInfoList(int? Limit, string? StartReference);
