using System.Reflection;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>
/// The ONVIF device service (devicemgmt.wsdl) on /onvif/device_service, written over XElement: the clock, the
/// service list built from the registered <see cref="OnvifServiceDescriptor"/>s (capabilities from each service's
/// own builder), device information, scopes and discovery mode (persisted by the device settings actor).
/// </summary>
public sealed class DeviceService
{
    public const string Version = "25.06";
    public static readonly XNamespace Tds = OnvifNamespaces.Device;
    public static readonly XNamespace Tt = OnvifNamespaces.Schema;
    /// <summary>Profile G (recording, replay), Profile S streaming (the media service's live relay), a video storage.</summary>
    public static readonly IReadOnlyList<string> FixedScopes =
        ["onvif://www.onvif.org/Profile/G", "onvif://www.onvif.org/Profile/Streaming", "onvif://www.onvif.org/type/video_storage"];
    public static readonly IReadOnlyList<string> DefaultScopes = ["onvif://www.onvif.org/name/NVR", "onvif://www.onvif.org/hardware/nvr-core", "onvif://www.onvif.org/location/unknown"];

    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(
    [
        "GetSystemDateAndTime", "GetServiceCapabilities", "GetServices", "GetCapabilities", "GetDeviceInformation", "GetHostname", "GetWsdlUrl",
        "GetEndpointReference", "GetScopes", "SetScopes", "AddScopes", "RemoveScopes", "GetDiscoveryMode", "SetDiscoveryMode",
        "GetNetworkInterfaces", "GetDNS", "GetNTP", "GetNetworkProtocols", "GetNetworkDefaultGateway",
        "SetHostname", "SetHostnameFromDHCP", "SetNetworkInterfaces", "SetDNS", "SetNTP", "SetNetworkProtocols", "SetNetworkDefaultGateway",
        "SystemReboot", "SetSystemFactoryDefault",
        "GetUsers", "CreateUsers", "DeleteUsers", "SetUser",
        .. DeviceStorage.Operations,
        .. DevicePasswordComplexity.Operations,
        .. DeviceAuthenticationSettings.Operations,
        .. DeviceSecurityPolicies.Operations,
        .. DeviceRemoteUser.Operations,
    ], StringComparer.Ordinal);

    private readonly ControlPlane _control;
    private readonly IServiceProvider _services;
    private readonly DeviceIdentity _identity;
    private readonly string _timeZone;
    private readonly bool _discovery;

    public DeviceService(ControlPlane control, IServiceProvider services, Dependencies dependencies)
    {
        _control = control;
        _services = services;
        _identity = dependencies.Identity;
        _timeZone = dependencies.TimeZone;
        _discovery = dependencies.Discovery;
    }

    /// <summary>What the device service needs besides the control plane: its identity and time zone.</summary>
    /// <param name="Discovery">True when the WS-Discovery responder runs (capabilities DiscoveryBye, DiscoveryNotSupported).</param>
    public sealed record Dependencies(DeviceIdentity Identity, string TimeZone, bool Discovery = false);

    /// <summary>The device service's own capabilities (GetServiceCapabilities and its GetServices entry).</summary>
    public static XElement CapabilitiesOf(bool discovery) => new(
        Tds + "Capabilities",
        new XElement(Tds + "Network", new XAttribute("IPFilter", false), new XAttribute("ZeroConfiguration", false), new XAttribute("IPVersion6", false), new XAttribute("DynDNS", false)),
        DeviceSecurityCapabilities.Element(),
        new XElement(Tds + "System", new XAttribute("DiscoveryResolve", false), new XAttribute("DiscoveryBye", discovery), new XAttribute("RemoteDiscovery", false),
            new XAttribute("SystemBackup", false), new XAttribute("SystemLogging", false), new XAttribute("FirmwareUpgrade", false),
            DeviceStorage.CapabilityAttributes(),
            new XAttribute("DiscoveryNotSupported", !discovery), new XAttribute("NetworkConfigNotSupported", true)));

    /// <summary>Operations after which WS-Discovery announces the change (Hello with the new scopes, or Bye).</summary>
    private static readonly IReadOnlySet<string> DiscoveryMetadataOperations = new HashSet<string>(["SetScopes", "AddScopes", "RemoveScopes", "SetDiscoveryMode"], StringComparer.Ordinal);

    public async Task<XElement> HandleAsync(XElement request, HttpContext context)
    {
        var response = await DispatchAsync(request, context);
        if (DiscoveryMetadataOperations.Contains(request.Name.LocalName) && _services.GetService(typeof(Discovery.DiscoveryChanges)) is Discovery.DiscoveryChanges changes)
        {
            await changes.ChangedAsync(context.RequestAborted);
        }

        return response;
    }

    private async Task<XElement> DispatchAsync(XElement request, HttpContext context) => request.Name.LocalName switch
    {
        "GetSystemDateAndTime" => DeviceClock.Response(_control.Time.GetUtcNow(), _timeZone),
        "GetServiceCapabilities" => Response("GetServiceCapabilitiesResponse", CapabilitiesOf(_discovery)),
        "GetServices" => GetServices(request, context),
        "GetCapabilities" => LegacyCapabilities.Response(request, _services, $"{context.Request.Scheme}://{context.Request.Host}", ListeningUrls().Any(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)), _discovery),
        "GetDeviceInformation" => Response(
            "GetDeviceInformationResponse",
            new XElement(Tds + "Manufacturer", "ONVIF NVR core project"),
            new XElement(Tds + "Model", "nvr-core"),
            new XElement(Tds + "FirmwareVersion", FirmwareVersion),
            new XElement(Tds + "SerialNumber", _identity.SerialNumber),
            new XElement(Tds + "HardwareId", System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString())),
        "GetHostname" => Response("GetHostnameResponse", new XElement(Tds + "HostnameInformation", new XElement(Tt + "FromDHCP", false), new XElement(Tt + "Name", System.Net.Dns.GetHostName()))),
        "GetWsdlUrl" => Response("GetWsdlUrlResponse", new XElement(Tds + "WsdlUrl", "http://www.onvif.org/ver10/device/wsdl/devicemgmt.wsdl")),
        "GetEndpointReference" => Response("GetEndpointReferenceResponse", new XElement(Tds + "GUID", _identity.EndpointReference)),
        "GetScopes" => ScopesResponse(await SettingsAsync()),
        "SetScopes" => Changed(await AskAsync(new SetScopes(Items(request, "Scopes"))), "SetScopesResponse"),
        "AddScopes" => Changed(await AskAsync(new AddScopes(Items(request, "ScopeItem"))), "AddScopesResponse"),
        "RemoveScopes" => RemoveScopesResponse(await AskAsync(new RemoveScopes(RefuseFixed(Items(request, "ScopeItem"))))),
        "GetDiscoveryMode" => Response("GetDiscoveryModeResponse", new XElement(Tds + "DiscoveryMode", (await SettingsAsync()).DiscoveryMode)),
        "SetDiscoveryMode" => Changed(await AskAsync(new SetDiscoveryMode(DiscoveryMode(request))), "SetDiscoveryModeResponse"),
        "GetUsers" => await Users.GetUsersAsync(),
        "CreateUsers" => await Users.CreateUsersAsync(request),
        "DeleteUsers" => await Users.DeleteUsersAsync(request),
        "SetUser" => await Users.SetUserAsync(request),
        "GetPasswordComplexityOptions" or "GetPasswordComplexityConfiguration" or "SetPasswordComplexityConfiguration" =>
            await DevicePasswordComplexity.HandleAsync(request, _control),
        "SetHashingAlgorithm" or "GetAccessPolicy" or "SetAccessPolicy" => await DeviceAuthenticationSettings.HandleAsync(request, _control),
        "GetPasswordHistoryConfiguration" or "SetPasswordHistoryConfiguration" or "GetAuthFailureWarningOptions" or "GetAuthFailureWarningConfiguration"
            or "SetAuthFailureWarningConfiguration" => await DeviceSecurityPolicies.HandleAsync(request, _control),
        "GetRemoteUser" or "SetRemoteUser" => await DeviceRemoteUser.HandleAsync(
            request, _control, (PasswordVault)_services.GetService(typeof(PasswordVault))!, (RemoteUserCredentials)_services.GetService(typeof(RemoteUserCredentials))!),
        "GetNetworkInterfaces" => HostNetwork.Interfaces(),
        "GetDNS" => HostNetwork.Dns(),
        "GetNTP" => HostNetwork.Ntp(),
        "GetNetworkDefaultGateway" => HostNetwork.DefaultGateway(),
        "GetNetworkProtocols" => HostNetwork.Protocols(ListeningUrls()),
        "GetStorageConfigurations" or "GetStorageConfiguration" or "CreateStorageConfiguration" or "SetStorageConfiguration" or "DeleteStorageConfiguration" =>
            await new DeviceStorage(_control).HandleAsync(request),
        "SystemReboot" => throw new OnvifFaultException(
            "Receiver", ["ActionNotSupported"], "the appliance does not reboot itself over ONVIF; restart its service (systemd) instead"),
        "SetSystemFactoryDefault" => throw new OnvifFaultException(
            "Receiver", ["ActionNotSupported"], "factory default is not supported: the appliance's recordings and settings are never erased over ONVIF"),
        "SetHostname" or "SetHostnameFromDHCP" or "SetNetworkInterfaces" or "SetDNS" or "SetNTP" or "SetNetworkProtocols" or "SetNetworkDefaultGateway" =>
            throw new OnvifFaultException("Receiver", ["ActionNotSupported"], "the appliance does not manage the host's network configuration"),
        _ => throw OnvifFaults.UnknownAction($"'{request.Name.LocalName}' is not an operation of the device service"),
    };

    private DeviceUsers Users => (DeviceUsers)_services.GetService(typeof(DeviceUsers))!;

    private IEnumerable<string> ListeningUrls() =>
        (_services.GetService(typeof(Microsoft.AspNetCore.Hosting.Server.IServer)) as Microsoft.AspNetCore.Hosting.Server.IServer)?.Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];

    private static string FirmwareVersion =>
        typeof(DeviceService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private XElement GetServices(XElement request, HttpContext context)
    {
        var include = bool.TryParse(request.Element(Tds + "IncludeCapability")?.Value, out var flag) && flag;
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}";
        return Response("GetServicesResponse", OnvifServiceRegistration.Services(_services).Select(service => new XElement(
            Tds + "Service",
            new XElement(Tds + "Namespace", service.Namespace),
            new XElement(Tds + "XAddr", baseUrl + service.Path),
            include ? new XElement(Tds + "Capabilities", service.Capabilities(_services)) : null,
            new XElement(Tds + "Version", new XElement(Tt + "Major", service.Version.Major), new XElement(Tt + "Minor", service.Version.Minor)))));
    }

    private static XElement ScopesResponse(DeviceSettings settings) => Response(
        "GetScopesResponse",
        FixedScopes.Select(s => Scope("Fixed", s)).Concat((settings.ConfigurableScopes ?? DefaultScopes).Select(s => Scope("Configurable", s))));

    private static XElement Scope(string definition, string item) =>
        new(Tds + "Scopes", new XElement(Tt + "ScopeDef", definition), new XElement(Tt + "ScopeItem", item));

    private static XElement RemoveScopesResponse(DeviceSettingsChanged changed) =>
        Response("RemoveScopesResponse", changed.Removed.Select(s => new XElement(Tds + "ScopeItem", s)));

    private static XElement Changed(DeviceSettingsChanged changed, string response) => Response(response);

    private static List<string> RefuseFixed(List<string> scopes)
    {
        var fixedScope = scopes.FirstOrDefault(FixedScopes.Contains);
        return fixedScope is null ? scopes : throw new OnvifFaultException("Sender", ["OperationProhibited", "FixedScope"], $"'{fixedScope}' is a fixed scope");
    }

    private static List<string> Items(XElement request, string name)
    {
        var items = request.Elements(Tds + name).Select(e => e.Value.Trim()).ToList();
        return items.Count > 0 && items.All(i => Uri.IsWellFormedUriString(i, UriKind.Absolute))
            ? items
            : throw OnvifFaults.InvalidArgs($"{request.Name.LocalName} needs one or more absolute URIs in {name}");
    }

    private static string DiscoveryMode(XElement request) => request.Element(Tds + "DiscoveryMode")?.Value.Trim() switch
    {
        "Discoverable" => "Discoverable",
        "NonDiscoverable" => "NonDiscoverable",
        var other => throw OnvifFaults.InvalidArgs($"DiscoveryMode '{other}' is neither Discoverable nor NonDiscoverable"),
    };

    private async Task<DeviceSettings> SettingsAsync() => (DeviceSettings)await _control.AskDeviceAsync(GetDeviceSettings.Instance);

    private async Task<DeviceSettingsChanged> AskAsync(object command) => await _control.AskDeviceAsync(command) switch
    {
        DeviceSettingsChanged changed => changed,
        DeviceCommandRejected { Fault: DeviceFault.TooManyScopes } r => throw new OnvifFaultException("Receiver", ["Action", "TooManyScopes"], r.Reason),
        DeviceCommandRejected { Fault: DeviceFault.NoScope } r => throw OnvifFaults.InvalidArgVal("NoScope", r.Reason),
        DeviceCommandRejected r => throw OnvifFaults.Action(r.Fault.ToString(), r.Reason),
        var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
    };

    private static XElement Response(string name, params object?[] content) => new(Tds + name, content);
}
