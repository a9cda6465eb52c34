using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Book;

/// <summary>The whole persisted state of a <see cref="ScheduleBook"/>. Plain data, safe to serialize.</summary>
public sealed record ScheduleBookSnapshot(
    IReadOnlyList<Schedule> Schedules,
    IReadOnlyList<SpecialDayGroup> SpecialDayGroups,
    long NextScheduleTokenNumber,
    long NextSpecialDayGroupTokenNumber);
