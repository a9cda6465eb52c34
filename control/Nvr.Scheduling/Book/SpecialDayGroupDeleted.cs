namespace Nvr.Scheduling.Book;

/// <summary>A special day group was removed (topic tns1:Configuration/SpecialDays/Removed).</summary>
public sealed record SpecialDayGroupDeleted(string Token) : ScheduleBookChange;
