using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nvr.Protocol.Soap;

/// <summary>
/// The HTTP side of a service written over XElement (device, search): the guard middleware has already checked the
/// envelope (size, well-formed, SOAP 1.2, a known operation); this reads the body element, calls the service and
/// writes the SOAP 1.2 response with the given namespace declarations, or the ONVIF fault. A request the client
/// abandoned gets no answer; an unexpected failure is logged and answered with a generic fault.
/// </summary>
public static class XmlSoapEndpoint
{
    public static async Task HandleAsync(
        HttpContext context, Func<XElement, HttpContext, Task<XElement>> operation, string service, IReadOnlyList<(string Prefix, string Namespace)> declarations)
    {
        XElement? response = null;
        OnvifFaultException? fault = null;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true };
            using var reader = XmlReader.Create(context.Request.Body, settings);
            var envelope = await XDocument.LoadAsync(reader, LoadOptions.None, context.RequestAborted);
            var request = envelope.Root?.Element(XName.Get("Body", OnvifNamespaces.Envelope))?.Elements().FirstOrDefault()
                ?? throw OnvifFaults.InvalidArgs("the SOAP body names no operation");
            response = await operation(request, context);
        }
        catch (OnvifFaultException e)
        {
            fault = e;
        }
        catch (XmlException e)
        {
            fault = OnvifFaults.WellFormed("the request is not well-formed XML: " + e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(XmlSoapEndpoint)).LogError(e, "{Service} operation failed", service);
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
            declarations.Select(d => new XAttribute(XNamespace.Xmlns + d.Prefix, d.Namespace)),
            new XElement(XName.Get("Body", OnvifNamespaces.Envelope), response));
        var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            envelopeOut.WriteTo(writer);
        }

        await context.Response.WriteAsync(text.ToString(), Encoding.UTF8, context.RequestAborted);
    }
}
