namespace Nvr.Scheduling.Faults;

/// <summary>
/// A request the schedule service refuses. <see cref="Code"/> is the SOAP 1.2 code ("Sender" or "Receiver"),
/// <see cref="Subcodes"/> the ONVIF subcode chain outermost first as prefixed QNames
/// (e.g. <c>["ter:InvalidArgVal", "ter:NotFound"]</c>, prefix <c>ter</c> = http://www.onvif.org/ver10/error),
/// <see cref="Reason"/> a human readable explanation.
/// </summary>
public sealed class ScheduleFaultException : Exception
{
    public ScheduleFaultException(string code, IReadOnlyList<string> subcodes, string reason)
        : base($"{code}/{string.Join('/', subcodes)}: {reason}")
    {
        Code = code;
        Subcodes = subcodes;
        Reason = reason;
    }

    public string Code { get; }

    public IReadOnlyList<string> Subcodes { get; }

    public string Reason { get; }

    /// <summary>The innermost subcode, e.g. "ter:NotFound".</summary>
    public string InnermostSubcode => Subcodes.Count == 0 ? Code : Subcodes[^1];
}
