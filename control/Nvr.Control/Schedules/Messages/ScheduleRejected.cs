using Nvr.Scheduling.Book;
using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>A schedule command was refused with this fault (code Sender/Receiver, ter: subcodes).</summary>
public sealed record ScheduleRejected(string Code, IReadOnlyList<string> Subcodes, string Reason);
