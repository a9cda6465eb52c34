using System.Xml.Linq;
using Nvr.Control.Notifications;

namespace Nvr.Protocol.Events;

/// <summary>
/// The event service's tev:Capabilities: what GetServiceCapabilities returns, and what the device service's
/// GetServices (IncludeCapability) embeds for the event service (call <see cref="Element"/>).
/// </summary>
public static class EventCapabilities
{
    public const string Namespace = "http://www.onvif.org/ver10/events/wsdl";

    public static XElement Element(NotificationLimits limits) => new(EventXml.Tev + "Capabilities",
        new XAttribute("WSSubscriptionPolicySupport", "false"),
        new XAttribute("WSPausableSubscriptionManagerInterfaceSupport", "false"),
        new XAttribute("MaxNotificationProducers", limits.MaxPushSubscriptions),
        new XAttribute("MaxPullPoints", limits.MaxPullPoints),
        new XAttribute("PersistentNotificationStorage", "true")); // Seek over the camera events recorded in metadata tracks
}
