namespace Nvr.Scheduling.Faults;

/// <summary>
/// Why the schedule service refuses a request (Schedule Service Specification 18.06, 5.2–5.4 fault tables), in the
/// domain's words; the protocol layer maps each to its SOAP code and ONVIF subcodes.
/// </summary>
public enum ScheduleFault
{
    /// <summary>An argument is invalid (a malformed iCalendar text, a too long name, a token on Create...).</summary>
    InvalidArgument,

    /// <summary>The schedule token must be given.</summary>
    MissingScheduleToken,

    /// <summary>The special day group token must be given.</summary>
    MissingGroupToken,

    /// <summary>No schedule or special day group has the token.</summary>
    NotFound,

    /// <summary>A schedule refers to a special day group that does not exist.</summary>
    ReferenceNotFound,

    /// <summary>The schedule or group is used (by a schedule or a recording job).</summary>
    ReferenceInUse,

    /// <summary>More items requested than MaxLimit.</summary>
    TooManyItems,

    /// <summary>A paging StartReference that is unknown, foreign or expired.</summary>
    InvalidStartReference,

    /// <summary>No space for a new schedule.</summary>
    MaxSchedules,

    /// <summary>More SpecialDaysSchedule entries than supported.</summary>
    MaxSpecialDaysSchedules,

    /// <summary>More time periods per day than supported.</summary>
    MaxTimePeriodsPerDay,

    /// <summary>No space for a new special day group.</summary>
    MaxSpecialDayGroups,

    /// <summary>More special days in a group than supported.</summary>
    MaxDaysInSpecialDayGroup,

    /// <summary>The device does not accept client-supplied tokens.</summary>
    ClientTokenNotSupported,
}
