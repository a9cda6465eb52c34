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
/// the SOAP fault env:Sender/ter:NotAuthorized. Bodies that are not XML are handed on: the endpoint refuses them.
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

        var body = await SoapGuardMiddleware.ReadBoundedAsync(context.Request.Body, context.RequestAborted);
        if (body is null)
        {
            await SoapGuardMiddleware.WriteFaultAsync(context, OnvifFaults.InvalidArgs($"the request body exceeds {SoapGuardMiddleware.MaxBodyBytes} bytes"));
            return;
        }

        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        var (header, operation) = Read(body);
        if (operation is null)
        {
            await _next(context);
            return;
        }

        var access = service.AccessClasses.TryGetValue(operation, out var found) ? found : (AccessClass?)null;
        var decision = await _authenticator.DecideAsync(context.Request, header, service.Path, operation, access);
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
            context.Response.Headers.WWWAuthenticate = new([.. _authenticator.Digest.Challenges(decision.IsStale)]);
        }

        var fault = new OnvifFaultException("Sender", ["NotAuthorized"], decision.Reason ?? "not authorized");
        await SoapGuardMiddleware.WriteFaultAsync(context, fault, decision.WithChallenge ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest);
    }

    private static (XElement? Header, string? Operation) Read(byte[] body)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body), settings);
            var envelope = XDocument.Load(reader).Root;
            XNamespace env = OnvifNamespaces.Envelope;
            var operation = envelope?.Element(env + "Body")?.Elements().FirstOrDefault()?.Name.LocalName;
            return (envelope?.Element(env + "Header"), operation);
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }
}
