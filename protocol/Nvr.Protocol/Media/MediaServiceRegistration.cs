using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Control;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Media;

/// <summary>
/// The media service's descriptor: listed by GetServices and, as tt:MediaCapabilities, by legacy GetCapabilities;
/// mapped without SoapCore (XElement, like the device and search services), its envelopes checked by the guard.
/// </summary>
public static class MediaServiceRegistration
{
    private static readonly (string, string)[] Declarations = [("trt", OnvifNamespaces.Media), ("tt", OnvifNamespaces.Schema)];

    public static OnvifServiceDescriptor Descriptor { get; } = new(
        OnvifNamespaces.Media,
        OnvifServicePaths.Media,
        "trt",
        OnvifVersion.Parse(MediaService.Version),
        p => MediaService.CapabilitiesOf(p.GetRequiredService<ControlPlane>()),
        new SoapEndpointDescription(OnvifServicePaths.Media, OnvifNamespaces.Media, MediaAccessClasses.Table.Keys.ToHashSet(StringComparer.Ordinal)),
        app => app.Map(new PathString(OnvifServicePaths.Media), branch => branch.Run(HandleAsync)))
    {
        Legacy = new LegacyCapability("Media", (_, xaddr) =>
        [
            new XElement(XNamespace.Get(OnvifNamespaces.Schema) + "XAddr", xaddr),
            new XElement(
                XNamespace.Get(OnvifNamespaces.Schema) + "StreamingCapabilities",
                new XElement(XNamespace.Get(OnvifNamespaces.Schema) + "RTPMulticast", false),
                new XElement(XNamespace.Get(OnvifNamespaces.Schema) + "RTP_TCP", false),
                new XElement(XNamespace.Get(OnvifNamespaces.Schema) + "RTP_RTSP_TCP", true)),
        ]),
        AccessClasses = MediaAccessClasses.Table,
    };

    private static Task HandleAsync(HttpContext context) => XmlSoapEndpoint.HandleAsync(
        context, (request, http) => http.RequestServices.GetRequiredService<MediaService>().HandleAsync(request, http), "media", Declarations);
}
