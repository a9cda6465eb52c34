using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies SpecialDayGroupsReply or ScheduleRejected.</summary>
public sealed record GetSpecialDayGroups(IReadOnlyList<string> Tokens);
