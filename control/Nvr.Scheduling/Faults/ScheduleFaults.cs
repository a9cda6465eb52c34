using C = Nvr.Scheduling.Faults.ScheduleFaultCodes;

namespace Nvr.Scheduling.Faults;

/// <summary>Factory for the faults of the schedule spec tables (Schedule Service Specification 18.06, 5.2–5.4).</summary>
internal static class ScheduleFaults
{
    public static ScheduleFaultException InvalidArgVal(string reason) => new(C.Sender, [C.InvalidArgVal], reason);

    public static ScheduleFaultException TokenNotAllowedOnCreate(string what) =>
        new(C.Sender, [C.InvalidArgVal], $"the {what} token must be empty on Create: the device allocates it");

    public static ScheduleFaultException MissingScheduleToken() =>
        new(C.Sender, [C.InvalidArgs, C.MissingToken], "the schedule token must be specified");

    public static ScheduleFaultException MissingGroupToken() =>
        new(C.Sender, [C.InvalidArgVal, C.MissingToken], "the special day group token must be specified");

    public static ScheduleFaultException NotFound(string what, string token) =>
        new(C.Sender, [C.InvalidArgVal, C.NotFound], $"{what} '{token}' not found");

    public static ScheduleFaultException ReferenceNotFound(string groupToken) =>
        new(C.Sender, [C.InvalidArgVal, C.ReferenceNotFound], $"special day group '{groupToken}' referred by the schedule not found");

    public static ScheduleFaultException ReferenceInUse(string what, string token, string user) =>
        new(C.Sender, [C.InvalidArgVal, C.ReferenceInUse], $"{what} '{token}' is in use by {user}");

    public static ScheduleFaultException TooManyItems(int requested, int maxLimit) =>
        new(C.Sender, [C.InvalidArgs, C.TooManyItems], $"{requested} items requested, MaxLimit is {maxLimit}");

    public static ScheduleFaultException InvalidStartReference(string why) =>
        new(C.Sender, [C.InvalidArgVal, C.InvalidStartReference], $"StartReference is invalid or has timed out ({why}); start from the beginning");

    public static ScheduleFaultException MaxSchedules(int max) =>
        new(C.Receiver, [C.CapabilityViolated, C.MaxSchedules], $"no space for a new schedule, MaxSchedules is {max}");

    public static ScheduleFaultException MaxSpecialDaysSchedules(int count, int max) =>
        new(C.Sender, [C.CapabilityViolated, C.MaxSpecialDaysSchedules], $"{count} SpecialDaysSchedule entries, MaxSpecialDaysSchedules is {max}");

    public static ScheduleFaultException MaxTimePeriodsPerDay(string groupToken, int count, int max) =>
        new(C.Sender, [C.CapabilityViolated, C.MaxTimePeriodsPerDay], $"{count} time periods per day for special day group '{groupToken}', MaxTimePeriodsPerDay is {max}");

    public static ScheduleFaultException MaxSpecialDayGroups(int max) =>
        new(C.Receiver, [C.CapabilityViolated, C.MaxSpecialDayGroups], $"no space for a new special day group, MaxSpecialDayGroups is {max}");

    public static ScheduleFaultException MaxDaysInSpecialDayGroup(int count, int max) =>
        new(C.Sender, [C.CapabilityViolated, C.MaxDaysInSpecialDayGroup], $"{count} special days (VEVENTs) in the group, MaxDaysInSpecialDayGroup is {max}");

    public static ScheduleFaultException ClientTokenNotSupported() =>
        new(C.Receiver, [C.CapabilityViolated, C.ClientSuppliedTokenSupported], "the device does not support client-supplied tokens");
}
