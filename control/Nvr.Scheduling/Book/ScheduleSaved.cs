using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Book;

/// <summary>A schedule was created or replaced (topic tns1:Configuration/Schedule/Changed).</summary>
/// <param name="Schedule">The complete schedule as stored.</param>
/// <param name="AllocatedTokenNumber">Set when the book allocated the token (CreateSchedule).</param>
public sealed record ScheduleSaved(Schedule Schedule, long? AllocatedTokenNumber = null) : ScheduleBookChange;
