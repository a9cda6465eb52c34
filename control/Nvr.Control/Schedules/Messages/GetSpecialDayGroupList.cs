using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies SpecialDayGroupPageReply or ScheduleRejected.</summary>
public sealed record GetSpecialDayGroupList(int? Limit, string? StartReference);
