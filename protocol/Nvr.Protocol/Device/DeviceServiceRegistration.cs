using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>The device service's descriptor: listed first by GetServices, mapped without SoapCore.</summary>
public static class DeviceServiceRegistration
{
    public static OnvifServiceDescriptor Descriptor { get; } = new(
        OnvifNamespaces.Device,
        OnvifServicePaths.Device,
        "tds",
        OnvifVersion.Parse(DeviceService.Version),
        _ => DeviceService.CapabilitiesOf(),
        new SoapEndpointDescription(OnvifServicePaths.Device, OnvifNamespaces.Device, DeviceService.Operations),
        app => app.Map(new PathString(OnvifServicePaths.Device), branch => branch.Run(DeviceEndpoint.HandleAsync)))
    {
        AccessClasses = DeviceAccessClasses.Table,
    };
}
