using F = Nvr.Scheduling.Faults.ScheduleFault;

namespace Nvr.Scheduling.Faults;

/// <summary>Factory for the faults of the schedule spec tables (Schedule Service Specification 18.06, 5.2–5.4).</summary>
internal static class ScheduleFaults
{
    public static ScheduleFaultException InvalidArgument(string reason) => new(F.InvalidArgument, reason);

    public static ScheduleFaultException TokenNotAllowedOnCreate(string what) =>
        new(F.InvalidArgument, $"the {what} token must be empty on Create: the device allocates it");

    public static ScheduleFaultException MissingScheduleToken() => new(F.MissingScheduleToken, "the schedule token must be specified");

    public static ScheduleFaultException MissingGroupToken() => new(F.MissingGroupToken, "the special day group token must be specified");

    public static ScheduleFaultException NotFound(string what, string token) => new(F.NotFound, $"{what} '{token}' not found");

    public static ScheduleFaultException ReferenceNotFound(string groupToken) =>
        new(F.ReferenceNotFound, $"special day group '{groupToken}' referred by the schedule not found");

    public static ScheduleFaultException ReferenceInUse(string what, string token, string user) =>
        new(F.ReferenceInUse, $"{what} '{token}' is in use by {user}");

    public static ScheduleFaultException TooManyItems(int requested, int maxLimit) =>
        new(F.TooManyItems, $"{requested} items requested, MaxLimit is {maxLimit}");

    public static ScheduleFaultException InvalidStartReference(string why) =>
        new(F.InvalidStartReference, $"StartReference is invalid or has timed out ({why}); start from the beginning");

    public static ScheduleFaultException MaxSchedules(int max) => new(F.MaxSchedules, $"no space for a new schedule, MaxSchedules is {max}");

    public static ScheduleFaultException MaxSpecialDaysSchedules(int count, int max) =>
        new(F.MaxSpecialDaysSchedules, $"{count} SpecialDaysSchedule entries, MaxSpecialDaysSchedules is {max}");

    public static ScheduleFaultException MaxTimePeriodsPerDay(string groupToken, int count, int max) =>
        new(F.MaxTimePeriodsPerDay, $"{count} time periods per day for special day group '{groupToken}', MaxTimePeriodsPerDay is {max}");

    public static ScheduleFaultException MaxSpecialDayGroups(int max) =>
        new(F.MaxSpecialDayGroups, $"no space for a new special day group, MaxSpecialDayGroups is {max}");

    public static ScheduleFaultException MaxDaysInSpecialDayGroup(int count, int max) =>
        new(F.MaxDaysInSpecialDayGroup, $"{count} special days (VEVENTs) in the group, MaxDaysInSpecialDayGroup is {max}");

    public static ScheduleFaultException ClientTokenNotSupported() =>
        new(F.ClientTokenNotSupported, "the device does not support client-supplied tokens");
}
