namespace Nvr.Scheduling.Faults;

/// <summary>The SOAP codes and ONVIF subcodes (as "ter:" QNames) used by the schedule service.</summary>
public static class ScheduleFaultCodes
{
    public const string ErrorNamespace = "http://www.onvif.org/ver10/error";
    public const string Sender = "Sender";
    public const string Receiver = "Receiver";
    public const string InvalidArgVal = "ter:InvalidArgVal";
    public const string InvalidArgs = "ter:InvalidArgs";
    public const string CapabilityViolated = "ter:CapabilityViolated";
    public const string NotFound = "ter:NotFound";
    public const string MissingToken = "ter:MissingToken";
    public const string ReferenceNotFound = "ter:ReferenceNotFound";
    public const string ReferenceInUse = "ter:ReferenceInUse";
    public const string TooManyItems = "ter:TooManyItems";
    public const string InvalidStartReference = "ter:InvalidStartReference";
    public const string MaxSchedules = "ter:MaxSchedules";
    public const string MaxSpecialDaysSchedules = "ter:MaxSpecialDaysSchedules";
    public const string MaxTimePeriodsPerDay = "ter:MaxTimePeriodsPerDay";
    public const string MaxSpecialDayGroups = "ter:MaxSpecialDayGroups";
    public const string MaxDaysInSpecialDayGroup = "ter:MaxDaysInSpecialDayGroup";
    public const string ClientSuppliedTokenSupported = "ter:ClientSuppliedTokenSupported";
}
