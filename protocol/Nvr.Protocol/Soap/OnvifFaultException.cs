namespace Nvr.Protocol.Soap;

/// <summary>
/// An ONVIF SOAP 1.2 fault: <see cref="Code"/> is "Sender" or "Receiver" (env namespace), <see cref="Subcodes"/> the
/// nested ter: subcodes from outer to inner (e.g. InvalidArgVal, NoRecording). Thrown by service operations and
/// written by <see cref="OnvifFaultTransformer"/> with the nested Subcode chain SoapCore cannot write itself.
/// </summary>
public sealed class OnvifFaultException : Exception
{
    public OnvifFaultException(string code, IReadOnlyList<string> subcodes, string reason)
        : base(reason)
    {
        Code = code;
        Subcodes = subcodes;
    }

    public string Code { get; }

    public IReadOnlyList<string> Subcodes { get; }

    /// <summary>An optional env:Detail child (e.g. a WS-BaseNotification fault element of the event service).</summary>
    public System.Xml.Linq.XElement? Detail { get; init; }

    public override string ToString() => $"env:{Code}/{string.Join("/", Subcodes.Select(s => "ter:" + s))}: {Message}";
}
