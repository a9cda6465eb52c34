namespace Nvr.Scheduling.Book;

/// <summary>A schedule was removed (topic tns1:Configuration/Schedule/Removed).</summary>
public sealed record ScheduleDeleted(string Token) : ScheduleBookChange;
