using Nvr.Protocol.Security;

namespace Nvr.Protocol.Device;

/// <summary>The access class of every device service operation, as Core's operation tables state.</summary>
public static class DeviceAccessClasses
{
    public static IReadOnlyDictionary<string, AccessClass> Table { get; } = new Dictionary<string, AccessClass>(StringComparer.Ordinal)
    {
        ["GetSystemDateAndTime"] = AccessClass.PreAuth,
        ["GetServiceCapabilities"] = AccessClass.PreAuth,
        ["GetServices"] = AccessClass.PreAuth,
        ["GetCapabilities"] = AccessClass.PreAuth,
        ["GetWsdlUrl"] = AccessClass.PreAuth,
        ["GetHostname"] = AccessClass.PreAuth,
        ["GetEndpointReference"] = AccessClass.PreAuth,
        ["GetDeviceInformation"] = AccessClass.ReadSystem,
        ["GetScopes"] = AccessClass.ReadSystem,
        ["SetScopes"] = AccessClass.WriteSystem,
        ["AddScopes"] = AccessClass.WriteSystem,
        ["RemoveScopes"] = AccessClass.WriteSystem,
        ["GetDiscoveryMode"] = AccessClass.ReadSystem,
        ["SetDiscoveryMode"] = AccessClass.WriteSystem,
        ["GetNetworkInterfaces"] = AccessClass.ReadSystem,
        ["GetDNS"] = AccessClass.ReadSystem,
        ["GetNTP"] = AccessClass.ReadSystem,
        ["GetNetworkProtocols"] = AccessClass.ReadSystem,
        ["GetNetworkDefaultGateway"] = AccessClass.ReadSystem,
        ["SetHostname"] = AccessClass.WriteSystem,
        ["SetHostnameFromDHCP"] = AccessClass.WriteSystem,
        ["SetNetworkInterfaces"] = AccessClass.WriteSystem,
        ["SetDNS"] = AccessClass.WriteSystem,
        ["SetNTP"] = AccessClass.WriteSystem,
        ["SetNetworkProtocols"] = AccessClass.WriteSystem,
        ["SetNetworkDefaultGateway"] = AccessClass.WriteSystem,
        ["GetStorageConfigurations"] = AccessClass.ReadMedia,
        ["GetStorageConfiguration"] = AccessClass.ReadMedia,
        ["CreateStorageConfiguration"] = AccessClass.Actuate,
        ["SetStorageConfiguration"] = AccessClass.Actuate,
        ["DeleteStorageConfiguration"] = AccessClass.Actuate,
        ["SystemReboot"] = AccessClass.Unrecoverable,
        ["SetSystemFactoryDefault"] = AccessClass.Unrecoverable,
    };
}
