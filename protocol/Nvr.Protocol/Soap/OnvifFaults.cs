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

    /// <summary>
    /// The control plane did not answer a command in time (in cluster mode: the control singleton is moving to another
    /// node, or the node lost its majority). Core's generic fault env:Receiver/ter:Action ("Action Failed: the requested
    /// SOAP action failed"): the device, not the request, is at fault and no other generic fault fits (ter:CriticalError
    /// says the device needs a reset, which it does not); the reason tells the client to retry. The command may still
    /// take effect if the control plane was only slow.
    /// </summary>
    public static OnvifFaultException ControlPlaneTimeout(TimeSpan timeout) => new(
        "Receiver", ["Action"],
        $"the control plane did not answer within {timeout.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s; retry");

    /// <summary>An unexpected failure inside the device; the reason never carries a stack trace.</summary>
    public static OnvifFaultException Internal(string reason) => new("Receiver", ["Action"], reason);
}
