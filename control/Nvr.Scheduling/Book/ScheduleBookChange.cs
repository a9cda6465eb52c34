namespace Nvr.Scheduling.Book;

/// <summary>
/// A validated change of the <see cref="ScheduleBook"/>: what to persist as an event and then
/// <see cref="ScheduleBook.Apply"/>. Plain data, safe to serialize.
/// </summary>
public abstract record ScheduleBookChange;
