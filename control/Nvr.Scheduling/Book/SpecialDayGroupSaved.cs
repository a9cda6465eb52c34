using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Book;

/// <summary>A special day group was created or replaced (topic tns1:Configuration/SpecialDays/Changed).</summary>
/// <param name="Group">The complete group as stored.</param>
/// <param name="AllocatedTokenNumber">Set when the book allocated the token (CreateSpecialDayGroup).</param>
public sealed record SpecialDayGroupSaved(SpecialDayGroup Group, long? AllocatedTokenNumber = null) : ScheduleBookChange;
