using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>
/// The HTTP side of the device service: the guard middleware has already checked the envelope (size, well-formed,
/// SOAP 1.2, a known operation); this reads the body element, calls <see cref="DeviceService"/> and writes the
/// SOAP 1.2 response or the ONVIF fault.
/// </summary>
public static class DeviceEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var service = context.RequestServices.GetRequiredService<DeviceService>();
        XElement? response = null;
        OnvifFaultException? fault = null;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true };
            using var reader = XmlReader.Create(context.Request.Body, settings);
            var envelope = await XDocument.LoadAsync(reader, LoadOptions.None, context.RequestAborted);
            var request = envelope.Root?.Element(XName.Get("Body", OnvifNamespaces.Envelope))?.Elements().FirstOrDefault()
                ?? throw OnvifFaults.InvalidArgs("the SOAP body names no operation");
            response = await service.HandleAsync(request, context);
        }
        catch (OnvifFaultException e)
        {
            fault = e;
        }
        catch (XmlException e)
        {
            fault = OnvifFaults.WellFormed("the request is not well-formed XML: " + e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DeviceEndpoint)).LogError(e, "device operation failed");
            fault = OnvifFaults.Internal("the device could not complete the operation");
        }

        if (fault is not null)
        {
            await SoapGuardMiddleware.WriteFaultAsync(context, fault);
            return;
        }

        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        var envelopeOut = new XElement(
            XName.Get("Envelope", OnvifNamespaces.Envelope),
            new XAttribute(XNamespace.Xmlns + "env", OnvifNamespaces.Envelope),
            new XAttribute(XNamespace.Xmlns + "tds", OnvifNamespaces.Device),
            new XAttribute(XNamespace.Xmlns + "tt", OnvifNamespaces.Schema),
            new XElement(XName.Get("Body", OnvifNamespaces.Envelope), response));
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { Encoding = Encoding.UTF8 }))
        {
            envelopeOut.WriteTo(writer);
        }

        await context.Response.WriteAsync(text.ToString().Replace("utf-16", "utf-8", StringComparison.Ordinal), context.RequestAborted);
    }
}
