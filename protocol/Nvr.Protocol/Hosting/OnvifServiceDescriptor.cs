using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Hosting;

/// <summary>
/// One ONVIF service of the appliance, as the device service lists it (GetServices, GetCapabilities) and as the host
/// maps it: its namespace, path, preferred prefix and WSDL version, the function building its capabilities element
/// (the same one its own GetServiceCapabilities answers with) and, for legacy GetCapabilities, its tt: element.
/// Registered in DI (<see cref="OnvifServiceRegistration"/>): adding a service is one registration call.
/// </summary>
public sealed record OnvifServiceDescriptor(
    string Namespace,
    string Path,
    string Prefix,
    OnvifVersion Version,
    Func<IServiceProvider, XElement> Capabilities,
    SoapEndpointDescription? Endpoint,
    Action<IApplicationBuilder> Map)
{
    /// <summary>The legacy GetCapabilities element of this service (null: not listed there).</summary>
    public LegacyCapability? Legacy { get; init; }

    /// <summary>
    /// The access class of each operation of this service, by the operation's (request body element's) local name,
    /// as the seed specifications and Core state. The authentication layer refuses an operation missing here
    /// (fail closed); each service declares its table next to its registration.
    /// </summary>
    public IReadOnlyDictionary<string, AccessClass> AccessClasses { get; init; } = new Dictionary<string, AccessClass>();
}

/// <summary>A service version as the WSDL states it ("25.06" → 25, 6).</summary>
public sealed record OnvifVersion(int Major, int Minor)
{
    public static OnvifVersion Parse(string text)
    {
        var parts = text.Split('.');
        return new OnvifVersion(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// The tt:Capabilities slot of a service for legacy GetCapabilities: <see cref="Category"/> is "Events" (top level)
/// or one of the tt:CapabilitiesExtension children ("Recording", "Search", "Replay", "Receiver"); <see cref="Build"/>
/// gets the service's XAddr and returns the element's children.
/// </summary>
public sealed record LegacyCapability(string Category, Func<IServiceProvider, string, IEnumerable<XElement>> Build);
