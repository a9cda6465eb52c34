using Nvr.Scheduling.Book;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Tests.Book;

internal static class BookTestData
{
    public const string Weekdays = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:19700101T080000\nDTEND:19700101T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nEND:VEVENT\nEND:VCALENDAR\n";

    public const string Christmas = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20141225T000000\nDTEND:20141226T000000\nRRULE:FREQ=YEARLY\nEND:VEVENT\nEND:VCALENDAR\n";

    public static Schedule Schedule(string token = "", params SpecialDaysSchedule[] specialDays) =>
        new(token, "Office hours", "weekdays 8-17", Weekdays, specialDays);

    public static SpecialDayGroup Group(string token = "", string? days = Christmas) => new(token, "Holidays", null, days);

    public static SpecialDaysSchedule Override(string group, params TimePeriod[] ranges) => new(group, ranges);

    public static string Create(this ScheduleBook book, Schedule draft)
    {
        var change = book.DecideCreateSchedule(draft);
        book.Apply(change);
        return change.Schedule.Token;
    }

    public static string Create(this ScheduleBook book, SpecialDayGroup draft)
    {
        var change = book.DecideCreateSpecialDayGroup(draft);
        book.Apply(change);
        return change.Group.Token;
    }

    public static void Set(this ScheduleBook book, Schedule schedule) => book.Apply(book.DecideSetSchedule(schedule));

    public static void Set(this ScheduleBook book, SpecialDayGroup group) => book.Apply(book.DecideSetSpecialDayGroup(group));
}
