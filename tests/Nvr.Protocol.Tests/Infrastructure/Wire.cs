using System.Xml.Linq;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Reads values out of response bodies by local names under the tt/trc namespaces.</summary>
public static class Wire
{
    public static readonly XNamespace Tt = OnvifSoapClient.Tt;
    public static readonly XNamespace Trc = OnvifSoapClient.Trc;
    public static readonly XNamespace Trv = OnvifSoapClient.Trv;
    public static readonly XNamespace Trp = OnvifSoapClient.Trp;
    public static readonly XNamespace Trt = OnvifSoapClient.Trt;
    public static readonly XNamespace Tsc = OnvifSoapClient.Tsc;
    public static readonly XNamespace Tds = OnvifSoapClient.Tds;

    public static string Text(this XElement element, XName name) =>
        element.Descendants(name).FirstOrDefault()?.Value ?? throw new Xunit.Sdk.XunitException($"{name} not found in {element}");

    public static IReadOnlyList<string> Texts(this XElement element, XName name) => element.Descendants(name).Select(e => e.Value).ToList();
}
