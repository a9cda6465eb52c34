using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Security;

/// <summary>
/// Runs <see cref="OnvifAuthenticator"/> before every ONVIF operation, whatever serves it (SoapCore, the hand-written
/// device service, the event service and its subscription addresses below its path): it reads the envelope's header
/// and operation (the body element's local name), looks the operation up in the service's access-class table and
/// either hands the request on (body rewound) or answers the refusal itself: HTTP 401 with one Digest challenge per
/// algorithm when credentials are missing (or HTTP Digest ones were refused), otherwise HTTP 400; the body is always
/// the SOAP fault env:Sender/ter:NotAuthorized. Bodies that are not XML (or name no operation) are handed on: the guard or the endpoint refuses them. It runs before the guard, so anonymous callers learn nothing but that they must authenticate.
/// </summary>
public sealed class OnvifAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IReadOnlyList<OnvifServiceDescriptor> _services;
    private readonly OnvifAuthenticator _authenticator;

    public OnvifAuthenticationMiddleware(RequestDelegate next, IReadOnlyList<OnvifServiceDescriptor> services, OnvifAuthenticator authenticator)
    {
        _next = next;
        _services = services;
        _authenticator = authenticator;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var service = _services.FirstOrDefault(s => path.Equals(s.Path, StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(s.Path.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase));
        if (service is null || !HttpMethods.IsPost(context.Request.Method))
        {
            await _next(context);
            return;
        }

        var body = context.Request.ContentLength > SoapGuardMiddleware.MaxBodyBytes
            ? null
            : await SoapGuardMiddleware.ReadBoundedAsync(context.Request.Body, context.RequestAborted);
        if (body is null)
        {
            await SoapGuardMiddleware.RefuseOversizeBodyAsync(context);
            return;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        var (header, operation, readable) = Read(body);
        if (!readable)
        {
            await _next(context); // not XML: the guard or the endpoint refuses it, no operation can run
            return;
        }

        var decision = await _authenticator.DecideAsync(context.Request, header, service.Path, operation ?? "(none)", AccessOf(service, operation));
        if (decision.Allowed)
        {
            await _next(context);
            return;
        }

        if (decision.Delay > TimeSpan.Zero)
        {
            await Task.Delay(decision.Delay, _authenticator.Time, context.RequestAborted);
        }

        if (decision.WithChallenge)
        {
            context.Response.Headers.WWWAuthenticate = new([.. decision.Challenges]);
        }

        var fault = new OnvifFaultException("Sender", ["NotAuthorized"], decision.Reason ?? "not authorized");
        await SoapGuardMiddleware.WriteFaultAsync(context, fault, decision.WithChallenge ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// The operation's class. An empty body or an operation the service does not serve needs an authenticated caller
    /// (any level; the guard then answers its fault): anonymous callers only learn that they must authenticate. An
    /// operation the service serves without a class in its table gets null: refused (fail closed).
    /// </summary>
    private static AccessClass? AccessOf(OnvifServiceDescriptor service, string? operation)
    {
        if (operation is null)
        {
            return AccessClass.ReadSystem;
        }

        if (service.AccessClasses.TryGetValue(operation, out var access))
        {
            return access;
        }

        return service.Endpoint is { } endpoint && !endpoint.Operations.Contains(operation) ? AccessClass.ReadSystem : null;
    }

    private static (XElement? Header, string? Operation, bool Readable) Read(byte[] body)
    {
        if (body.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
        {
            return (null, null, true); // an empty request (e.g. a Digest client's first probe)
        }

        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            if (!SoapGuardMiddleware.WithinDepth(body, settings))
            {
                return (null, null, false); // no tree of a deeply nested body is built: the guard refuses it
            }

            using var reader = XmlReader.Create(new MemoryStream(body), settings);
            var envelope = XDocument.Load(reader).Root;
            XNamespace env = OnvifNamespaces.Envelope;
            var operation = envelope?.Element(env + "Body")?.Elements().FirstOrDefault()?.Name.LocalName;
            return (envelope?.Element(env + "Header"), operation, operation is not null);
        }
        catch (Exception e) when (e is XmlException or ArgumentException) // ArgumentException: System.Xml on some broken encodings
        {
            return (null, null, false);
        }
    }
}
