namespace Nvr.Scheduling.Faults;

/// <summary>A request the schedule service refuses: <see cref="Fault"/> says why in domain terms, <see cref="Reason"/> in English.</summary>
public sealed class ScheduleFaultException : Exception
{
    public ScheduleFaultException(ScheduleFault fault, string reason)
        : base($"{fault}: {reason}")
    {
        Fault = fault;
        Reason = reason;
    }

    public ScheduleFault Fault { get; }

    public string Reason { get; }
}
