using Nvr.Scheduling.Calendar;
using Nvr.Scheduling.Faults;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Book;

/// <summary>The content rules shared by Create/Set/Modify (Schedule Service Specification 18.06, 5.2 and 5.3).</summary>
internal static class ScheduleContentValidator
{
    public const int MaxTokenLength = 64;
    public const int MaxNameLength = 64;
    public const int MaxDescriptionLength = 1024;

    public static void CheckTokenLength(string token)
    {
        if (token.Length > MaxTokenLength)
        {
            throw ScheduleFaults.InvalidArgument($"token is longer than {MaxTokenLength} characters");
        }
    }

    /// <summary>Validates a schedule and returns it normalised (no null lists, description chopped to 1024).</summary>
    public static Schedule ValidateSchedule(
        Schedule schedule, ScheduleServiceCapabilities caps, Func<string, bool> groupExists, Func<string?, string, ScheduleCalendar> parse)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var name = CheckName(schedule.Name);
        _ = parse(schedule.Standard, "Standard");
        var specialDays = schedule.SpecialDays ?? [];
        if (specialDays.Count > caps.MaxSpecialDaysSchedules)
        {
            throw ScheduleFaults.MaxSpecialDaysSchedules(specialDays.Count, caps.MaxSpecialDaysSchedules);
        }

        var normalised = new SpecialDaysSchedule[specialDays.Count];
        for (var i = 0; i < specialDays.Count; i++)
        {
            var entry = specialDays[i] ?? throw ScheduleFaults.InvalidArgument($"SpecialDays[{i}] is empty");
            if (string.IsNullOrEmpty(entry.GroupToken))
            {
                throw ScheduleFaults.InvalidArgument($"SpecialDays[{i}]: GroupToken is empty");
            }

            if (!groupExists(entry.GroupToken))
            {
                throw ScheduleFaults.ReferenceNotFound(entry.GroupToken);
            }

            var ranges = entry.TimeRange ?? [];
            if (ranges.Count > caps.MaxTimePeriodsPerDay)
            {
                throw ScheduleFaults.MaxTimePeriodsPerDay(entry.GroupToken, ranges.Count, caps.MaxTimePeriodsPerDay);
            }

            for (var j = 0; j < ranges.Count; j++)
            {
                var range = ranges[j] ?? throw ScheduleFaults.InvalidArgument($"SpecialDays[{i}].TimeRange[{j}] is empty");
                if (range.Until is { } until && until <= range.From)
                {
                    throw ScheduleFaults.InvalidArgument(
                        $"SpecialDays[{i}].TimeRange[{j}]: Until {until:HH':'mm':'ss} must be later than From {range.From:HH':'mm':'ss}");
                }
            }

            normalised[i] = entry with { TimeRange = ranges.ToArray() };
        }

        return schedule with { Name = name, Description = Chop(schedule.Description), SpecialDays = normalised };
    }

    /// <summary>Validates a group and returns it normalised (description chopped to 1024).</summary>
    public static SpecialDayGroup ValidateGroup(SpecialDayGroup group, ScheduleServiceCapabilities caps, Func<string?, string, ScheduleCalendar> parse)
    {
        ArgumentNullException.ThrowIfNull(group);
        var name = CheckName(group.Name);
        if (!string.IsNullOrWhiteSpace(group.Days))
        {
            var days = parse(group.Days, "Days");
            if (days.EventCount > caps.MaxDaysInSpecialDayGroup)
            {
                throw ScheduleFaults.MaxDaysInSpecialDayGroup(days.EventCount, caps.MaxDaysInSpecialDayGroup);
            }
        }

        return group with { Name = name, Description = Chop(group.Description) };
    }

    private static string CheckName(string? name)
    {
        if (name is null)
        {
            throw ScheduleFaults.InvalidArgument("Name is missing");
        }

        if (name.Length > MaxNameLength)
        {
            throw ScheduleFaults.InvalidArgument($"Name is longer than {MaxNameLength} characters");
        }

        return name;
    }

    private static string? Chop(string? description) =>
        description is { Length: > MaxDescriptionLength } ? description[..MaxDescriptionLength] : description;
}
