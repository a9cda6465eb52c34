using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Search;

/// <summary>
/// The HTTP side of the search service: the guard middleware has already checked the envelope (size, well-formed,
/// SOAP 1.2, a known operation); this reads the body element, calls <see cref="SearchService"/> (result requests
/// block with the request's cancellation) and writes the SOAP 1.2 response or the ONVIF fault.
/// </summary>
public static class SearchEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var service = context.RequestServices.GetRequiredService<SearchService>();
        XElement? response = null;
        OnvifFaultException? fault = null;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, Async = true };
            using var reader = XmlReader.Create(context.Request.Body, settings);
            var envelope = await XDocument.LoadAsync(reader, LoadOptions.None, context.RequestAborted);
            var request = envelope.Root?.Element(XName.Get("Body", OnvifNamespaces.Envelope))?.Elements().FirstOrDefault()
                ?? throw OnvifFaults.InvalidArgs("the SOAP body names no operation");
            response = await service.HandleAsync(request, context.RequestAborted);
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
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SearchEndpoint)).LogError(e, "search operation failed");
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
            new XAttribute(XNamespace.Xmlns + "tse", OnvifNamespaces.Search),
            new XAttribute(XNamespace.Xmlns + "tt", OnvifNamespaces.Schema),
            new XAttribute(XNamespace.Xmlns + "wsnt", Events.EventXml.Wsnt.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "tns1", Events.EventXml.Tns1.NamespaceName),
            new XElement(XName.Get("Body", OnvifNamespaces.Envelope), response));
        var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            envelopeOut.WriteTo(writer);
        }

        await context.Response.WriteAsync(text.ToString(), Encoding.UTF8, context.RequestAborted);
    }
}
