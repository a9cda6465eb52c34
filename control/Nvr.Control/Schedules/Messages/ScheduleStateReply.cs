using Nvr.Scheduling.Book;
using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Reply of the schedule actor: GetScheduleState.</summary>
public sealed record ScheduleStateReply(ScheduleState State);
