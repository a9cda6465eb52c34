using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>The device service over HTTP (<see cref="XmlSoapEndpoint"/>).</summary>
public static class DeviceEndpoint
{
    private static readonly (string, string)[] Declarations = [("tds", OnvifNamespaces.Device), ("tt", OnvifNamespaces.Schema)];

    public static Task HandleAsync(HttpContext context) => XmlSoapEndpoint.HandleAsync(
        context, (request, http) => http.RequestServices.GetRequiredService<DeviceService>().HandleAsync(request, http), "device", Declarations);
}
