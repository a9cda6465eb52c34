namespace Nvr.Control.Events;

/// <summary>
/// Topic tns1:Device/SecurityPolicy/AuthFailed (Core, security policies): more authentication failures came from one
/// address within the monitor period than the authentication failure warning allows. The source is the network
/// interface the requests arrived on; the data is the client's address (IPv4 or IPv6). No user name, no credential.
/// </summary>
public sealed record AuthFailedEvent(DateTimeOffset UtcTime, string NetworkInterface, string? SourceIPv4, string? SourceIPv6)
    : OnvifEvent("Device/SecurityPolicy/AuthFailed", false, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("NetworkInterface", NetworkInterface)];

    public override IReadOnlyList<EventItem> DataItems =>
        SourceIPv4 is not null ? [new EventItem("SourceIPv4", SourceIPv4)]
        : SourceIPv6 is not null ? [new EventItem("SourceIPv6", SourceIPv6)]
        : [];
}
