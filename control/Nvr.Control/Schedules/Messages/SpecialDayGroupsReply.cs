using Nvr.Scheduling.Book;
using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Reply of the schedule actor.</summary>
public sealed record SpecialDayGroupsReply(IReadOnlyList<SpecialDayGroup> Groups);
