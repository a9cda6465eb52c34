using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Control;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Soap;
using ReceiverServiceImpl = Nvr.Protocol.Receiver.ReceiverService;

namespace Nvr.Protocol.Device;

/// <summary>
/// Legacy GetCapabilities (Core, PRE_AUTH): tt:Capabilities with Device, Events and Media at the top and the Recording,
/// Receiver (… Search, Replay once they exist) XAddrs under Extension, each from the descriptors' <c>Legacy</c> slot,
/// in the strict element order of tt:Capabilities / tt:CapabilitiesExtension.
/// </summary>
public static class LegacyCapabilities
{
    /// <summary>tt:CapabilitiesExtension children in schema order (the ones a recorder may have).</summary>
    public static readonly IReadOnlyList<string> ExtensionOrder = ["DeviceIO", "Display", "Recording", "Search", "Replay", "Receiver", "AnalyticsDevice"];

    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    /// <summary>The recording service's tt:RecordingCapabilities children.</summary>
    public static LegacyCapability Recording { get; } = new("Recording", (p, xaddr) =>
    [
        new XElement(Tt + "XAddr", xaddr),
        new XElement(Tt + "ReceiverSource", true),
        new XElement(Tt + "MediaProfileSource", false),
        new XElement(Tt + "DynamicRecordings", true),
        new XElement(Tt + "DynamicTracks", true),
        new XElement(Tt + "MaxStringLength", p.GetRequiredService<ControlPlane>().Limits.MaxDescriptionLength),
    ]);

    /// <summary>The receiver service's tt:ReceiverCapabilities children (the same values as its GetServiceCapabilities).</summary>
    public static LegacyCapability Receiver { get; } = new("Receiver", (p, xaddr) =>
    {
        var own = ReceiverServiceImpl.CapabilitiesOf(p.GetRequiredService<ControlPlane>());
        return
        [
            new XElement(Tt + "XAddr", xaddr),
            new XElement(Tt + "RTP_Multicast", own.RTP_Multicast),
            new XElement(Tt + "RTP_TCP", own.RTP_TCP),
            new XElement(Tt + "RTP_RTSP_TCP", own.RTP_RTSP_TCP),
            new XElement(Tt + "SupportedReceivers", own.SupportedReceivers),
            new XElement(Tt + "MaximumRTSPURILength", own.MaximumRTSPURILength),
        ];
    });

    /// <summary>The event service's tt:EventCapabilities children (pull points only, as its own capabilities say).</summary>
    public static LegacyCapability Events { get; } = new("Events", (_, xaddr) =>
    [
        new XElement(Tt + "XAddr", xaddr),
        new XElement(Tt + "WSSubscriptionPolicySupport", false),
        new XElement(Tt + "WSPullPointSupport", true),
        new XElement(Tt + "WSPausableSubscriptionManagerInterfaceSupport", false),
    ]);

    /// <summary>
    /// The GetCapabilitiesResponse for the requested categories (none or All: everything). A category no service of
    /// this appliance provides faults env:Receiver/ter:ActionNotSupported/ter:NoSuchService.
    /// </summary>
    public static XElement Response(XElement request, IServiceProvider services, string baseUrl, bool tls, bool discovery)
    {
        var categories = request.Elements(DeviceService.Tds + "Category")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        var all = categories.Count == 0 || categories.Contains("All");
        var descriptors = OnvifServiceRegistration.Services(services);
        var legacy = descriptors.Where(d => d.Legacy is not null).ToList();
        foreach (var category in categories.Where(c => c is not "All" and not "Device"))
        {
            if (category is not ("Events" or "Media") || legacy.All(d => d.Legacy!.Category != category))
            {
                throw new OnvifFaultException("Receiver", ["ActionNotSupported", "NoSuchService"], $"the device has no '{category}' service");
            }
        }

        XElement? Slot(string category) => legacy.FirstOrDefault(d => d.Legacy!.Category == category) is { } d
            ? new XElement(Tt + category, d.Legacy!.Build(services, baseUrl + d.Path))
            : null;

        var extension = all ? ExtensionOrder.Select(Slot).OfType<XElement>().ToList() : [];
        return new XElement(
            DeviceService.Tds + "GetCapabilitiesResponse",
            new XElement(
                DeviceService.Tds + "Capabilities",
                all || categories.Contains("Device") ? Device(baseUrl + OnvifServicePaths.Device, tls, discovery) : null,
                all || categories.Contains("Events") ? Slot("Events") : null,
                all || categories.Contains("Media") ? Slot("Media") : null, // tt:Capabilities order: … Events, Imaging, Media, PTZ
                extension.Count > 0 ? new XElement(Tt + "Extension", extension) : null));
    }

    private static XElement Device(string xaddr, bool tls, bool discovery) => new(
        Tt + "Device",
        new XElement(Tt + "XAddr", xaddr),
        new XElement(Tt + "Network", new XElement(Tt + "IPFilter", false), new XElement(Tt + "ZeroConfiguration", false), new XElement(Tt + "IPVersion6", false), new XElement(Tt + "DynDNS", false)),
        new XElement(
            Tt + "System",
            new XElement(Tt + "DiscoveryResolve", false),
            new XElement(Tt + "DiscoveryBye", discovery),
            new XElement(Tt + "RemoteDiscovery", false),
            new XElement(Tt + "SystemBackup", false),
            new XElement(Tt + "SystemLogging", false),
            new XElement(Tt + "FirmwareUpgrade", false),
            new XElement(Tt + "SupportedVersions", new XElement(Tt + "Major", 25), new XElement(Tt + "Minor", 6))),
        new XElement(
            Tt + "Security",
            new XElement(Tt + "TLS1.1", false),
            new XElement(Tt + "TLS1.2", tls),
            new XElement(Tt + "OnboardKeyGeneration", false),
            new XElement(Tt + "AccessPolicyConfig", true),
            new XElement(Tt + "X.509Token", false),
            new XElement(Tt + "SAMLToken", false),
            new XElement(Tt + "KerberosToken", false),
            new XElement(Tt + "RELToken", false)));
}
