using Nvr.Control.Schedules.Messages;
using Nvr.Protocol.Soap;
using Nvr.Scheduling.Faults;

namespace Nvr.Protocol.Schedule;

/// <summary>The SOAP 1.2 code and ONVIF subcodes (ter: namespace, outermost first) of each schedule fault (Schedule Service Specification 18.06, 5.2–5.4).</summary>
public static class ScheduleFaultMapping
{
    private const string Sender = "Sender";
    private const string Receiver = "Receiver";

    public static OnvifFaultException ToFault(this ScheduleRejected rejected)
    {
        var (code, subcodes) = CodesOf(rejected.Fault);
        return new OnvifFaultException(code, subcodes, rejected.Reason);
    }

    public static (string Code, string[] Subcodes) CodesOf(ScheduleFault fault) => fault switch
    {
        ScheduleFault.InvalidArgument => (Sender, ["InvalidArgVal"]),
        ScheduleFault.MissingScheduleToken => (Sender, ["InvalidArgs", "MissingToken"]),
        ScheduleFault.MissingGroupToken => (Sender, ["InvalidArgVal", "MissingToken"]),
        ScheduleFault.NotFound => (Sender, ["InvalidArgVal", "NotFound"]),
        ScheduleFault.ReferenceNotFound => (Sender, ["InvalidArgVal", "ReferenceNotFound"]),
        ScheduleFault.ReferenceInUse => (Sender, ["InvalidArgVal", "ReferenceInUse"]),
        ScheduleFault.TooManyItems => (Sender, ["InvalidArgs", "TooManyItems"]),
        ScheduleFault.InvalidStartReference => (Sender, ["InvalidArgVal", "InvalidStartReference"]),
        ScheduleFault.MaxSchedules => (Receiver, ["CapabilityViolated", "MaxSchedules"]),
        ScheduleFault.MaxSpecialDaysSchedules => (Sender, ["CapabilityViolated", "MaxSpecialDaysSchedules"]),
        ScheduleFault.MaxTimePeriodsPerDay => (Sender, ["CapabilityViolated", "MaxTimePeriodsPerDay"]),
        ScheduleFault.MaxSpecialDayGroups => (Receiver, ["CapabilityViolated", "MaxSpecialDayGroups"]),
        ScheduleFault.MaxDaysInSpecialDayGroup => (Sender, ["CapabilityViolated", "MaxDaysInSpecialDayGroup"]),
        ScheduleFault.ClientTokenNotSupported => (Receiver, ["CapabilityViolated", "ClientSuppliedTokenSupported"]),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown schedule fault"),
    };
}
