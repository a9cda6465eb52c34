using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Replies SpecialDayGroupInfoReply or ScheduleRejected.</summary>
public sealed record GetSpecialDayGroupInfo(IReadOnlyList<string> Tokens);
