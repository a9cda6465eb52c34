using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Control;
using Nvr.Protocol.Hosting;

namespace Nvr.Protocol.Events;

/// <summary>
/// The event service's descriptor: listed by GetServices with the same capabilities its GetServiceCapabilities
/// answers, mapped by hand (no SoapGuard endpoint: it serves the tev operations and WS-BaseNotification's Subscribe
/// at one path and every subscription at its own path, and checks its requests itself).
/// </summary>
public static class EventServiceRegistration
{
    /// <summary>The event.wsdl version of release 25.06.</summary>
    public const string Version = "24.12";

    public static OnvifServiceDescriptor Descriptor { get; } = new(
        EventXml.Tev.NamespaceName,
        EventServiceEndpoint.Path,
        "tev",
        OnvifVersion.Parse(Version),
        p => EventCapabilities.Element(p.GetRequiredService<ControlPlane>().Notifications.Limits),
        null,
        app => EventServiceEndpoint.Map((IEndpointRouteBuilder)app))
    {
        AccessClasses = EventAccessClasses.Table,
    };
}
