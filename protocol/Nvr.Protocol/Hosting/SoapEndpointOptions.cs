using System.ServiceModel.Channels;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Protocol.Soap;
using SoapCore;

namespace Nvr.Protocol.Hosting;

/// <summary>The SoapCore options every ONVIF endpoint shares: SOAP 1.2 without addressing, XmlSerializer, prefixes.</summary>
public static class SoapEndpointOptions
{
    public static void Configure(SoapCoreOptions options, string path, IServiceProvider services)
    {
        options.Path = path;
        options.SoapSerializer = SoapSerializer.XmlSerializer;
        options.EncoderOptions =
        [
            new SoapEncoderOptions { MessageVersion = MessageVersion.Soap12, WriteEncoding = Encoding.UTF8 },
        ];
        options.OmitXmlDeclaration = false;
        var prefixes = new Dictionary<string, string> { ["tt"] = OnvifNamespaces.Schema };
        foreach (var service in services.GetServices<OnvifServiceDescriptor>())
        {
            prefixes.TryAdd(service.Prefix, service.Namespace);
        }

        options.AdditionalEnvelopeXmlnsAttributes = prefixes;
    }
}
