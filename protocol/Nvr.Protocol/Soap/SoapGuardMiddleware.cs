using System.Buffers;
using System.Text;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Nvr.Protocol.Soap;

/// <summary>
/// Checks every request to a SOAP endpoint before SoapCore sees it: bounded body size, well-formed XML without DTD
/// or external entities, nested at most <see cref="MaxDepth"/> levels, a SOAP 1.2 envelope and a body element naming an operation of the service. Refusals are
/// ONVIF faults (never a 500 page with a stack trace); accepted bodies are handed on from memory.
/// </summary>
public sealed class SoapGuardMiddleware
{
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>Largest refused body read to its end so that the client gets to read the fault.</summary>
    public const long DrainLimitBytes = 16L << 20;

    /// <summary>
    /// Deepest element nesting accepted (the envelope is depth 0); ONVIF requests nest a dozen levels at most. A
    /// megabyte of nested elements overflowed the stack of code that walks the tree recursively (found by fuzzing).
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>HttpContext.Items key of the operation's local name, set once the body named a known operation.</summary>
    public const string OperationItem = "onvif.operation";

    private readonly RequestDelegate _next;
    private readonly IReadOnlyDictionary<string, SoapEndpointDescription> _endpoints;

    public SoapGuardMiddleware(RequestDelegate next, IEnumerable<SoapEndpointDescription> endpoints)
    {
        _next = next;
        _endpoints = endpoints.ToDictionary(e => e.Path, StringComparer.OrdinalIgnoreCase);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_endpoints.TryGetValue(context.Request.Path.Value ?? string.Empty, out var endpoint) || !HttpMethods.IsPost(context.Request.Method))
        {
            await _next(context);
            return;
        }

        var body = context.Request.ContentLength > MaxBodyBytes ? null : await ReadBoundedAsync(context.Request.Body, context.RequestAborted);
        if (body is null)
        {
            await RefuseOversizeBodyAsync(context);
            return;
        }

        var refusal = Inspect(body, endpoint, out var operation);
        if (refusal is not null)
        {
            await WriteFaultAsync(context, refusal);
            return;
        }

        context.Items[OperationItem] = operation;

        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        await _next(context);
    }

    /// <summary>
    /// Answers a body over <see cref="MaxBodyBytes"/> with an InvalidArgs fault. The unread rest (up to
    /// <see cref="DrainLimitBytes"/>) is read and discarded first: a server that answers and closes while the client is
    /// still sending makes the client fail with a broken pipe instead of reading the fault.
    /// </summary>
    public static async Task RefuseOversizeBodyAsync(HttpContext context)
    {
        await DiscardRestOfBodyAsync(context);
        await WriteFaultAsync(context, OnvifFaults.InvalidArgs($"the request body exceeds {MaxBodyBytes} bytes"));
    }

    /// <summary>Reads and drops what is left of the request body, at most <see cref="DrainLimitBytes"/>; past that the connection is closed after the answer.</summary>
    public static async Task DiscardRestOfBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > DrainLimitBytes)
        {
            context.Response.Headers.Connection = "close";
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = DrainLimitBytes;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(scratch, context.RequestAborted)) > 0)
            {
                total += read;
                if (total > DrainLimitBytes)
                {
                    context.Response.Headers.Connection = "close";
                    return;
                }
            }
        }
        catch (BadHttpRequestException)
        {
            context.Response.Headers.Connection = "close"; // over Kestrel's own limit: answer, then close
        }
        catch (IOException)
        {
            context.Response.Headers.Connection = "close";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>The body in memory, or null when it exceeds <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static OnvifFaultException? Inspect(byte[] body, SoapEndpointDescription endpoint, out string? operation)
    {
        operation = null;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBodyBytes * 2L,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), settings);
            string? operationNamespace = null;
            var depth = -1;
            var envelopeSeen = false;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.Depth > MaxDepth)
                {
                    return OnvifFaults.InvalidArgs($"the request nests elements deeper than {MaxDepth} levels");
                }

                if (!envelopeSeen)
                {
                    if (reader.LocalName != "Envelope" || reader.NamespaceURI != OnvifNamespaces.Envelope)
                    {
                        return new OnvifFaultException("Sender", ["WellFormed"], "the request is not a SOAP 1.2 envelope");
                    }

                    envelopeSeen = true;
                }
                else if (depth < 0 && reader.LocalName == "Body" && reader.NamespaceURI == OnvifNamespaces.Envelope)
                {
                    depth = reader.Depth + 1;
                }
                else if (reader.Depth == depth && operation is null)
                {
                    operation = reader.LocalName;
                    operationNamespace = reader.NamespaceURI;
                }
            }

            if (operation is null)
            {
                return OnvifFaults.InvalidArgs("the SOAP body names no operation");
            }

            if (operationNamespace != endpoint.Namespace || !endpoint.Operations.Contains(operation))
            {
                return OnvifFaults.UnknownAction($"'{operation}' in namespace '{operationNamespace}' is not an operation of {endpoint.Path}");
            }

            return null;
        }
        catch (Exception e) when (e is XmlException or ArgumentException) // ArgumentException: System.Xml on some broken encodings (fuzz finding)
        {
            return OnvifFaults.WellFormed("the request is not well-formed XML: " + e.Message);
        }
    }

    /// <summary>True when no element of the well-formed <paramref name="body"/> nests deeper than <see cref="MaxDepth"/> (a streaming pass, no tree).</summary>
    public static bool WithinDepth(byte[] body, XmlReaderSettings settings)
    {
        using var reader = XmlReader.Create(new MemoryStream(body), settings);
        while (reader.Read())
        {
            if (reader.Depth > MaxDepth)
            {
                return false;
            }
        }

        return true;
    }

    public static async Task WriteFaultAsync(HttpContext context, OnvifFaultException fault, int status = StatusCodes.Status500InternalServerError)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            writer.WriteStartElement("env", "Envelope", OnvifNamespaces.Envelope);
            writer.WriteStartElement("env", "Body", OnvifNamespaces.Envelope);
            OnvifFaultBodyWriter.WriteFault(writer, fault);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        await context.Response.WriteAsync(text.ToString().Replace("utf-16", "utf-8", StringComparison.Ordinal), context.RequestAborted);
    }
}
