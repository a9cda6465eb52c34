namespace Nvr.Protocol.Soap;

/// <summary>Factory of the ONVIF faults this device returns (seed fault tables and ONVIF Core generic faults).</summary>
public static class OnvifFaults
{
    public static OnvifFaultException InvalidArgVal(string subcode, string reason) => new("Sender", ["InvalidArgVal", subcode], reason);

    public static OnvifFaultException BadConfiguration(string reason) => InvalidArgVal("BadConfiguration", reason);

    public static OnvifFaultException Action(string subcode, string reason) => new("Receiver", ["Action", subcode], reason);

    public static OnvifFaultException NotImplemented(string reason) => new("Receiver", ["ActionNotSupported", "NotImplemented"], reason);

    /// <summary>Generic Core fault: the request is not well-formed XML (or carries a DTD).</summary>
    public static OnvifFaultException WellFormed(string reason) => new("Sender", ["WellFormed"], reason);

    /// <summary>Generic Core fault: the body element names no operation of this service.</summary>
    public static OnvifFaultException UnknownAction(string reason) => new("Sender", ["UnknownAction"], reason);

    /// <summary>Generic Core fault: the arguments cannot be read (wrong structure or value syntax).</summary>
    public static OnvifFaultException InvalidArgs(string reason) => new("Sender", ["InvalidArgs"], reason);

    /// <summary>An unexpected failure inside the device; the reason never carries a stack trace.</summary>
    public static OnvifFaultException Internal(string reason) => new("Receiver", ["Action"], reason);
}
