using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nvr.Protocol.Device;
using Nvr.Protocol.Search;
using Nvr.Protocol.Soap;

namespace Nvr.Fuzzing.Targets;

/// <summary>
/// A POST body to a SOAP endpoint through the production <see cref="SoapGuardMiddleware"/> (size, well-formed, no
/// DTD, SOAP 1.2, known operation). Its documented rejection is an ONVIF fault response; the middleware must never
/// throw, and a body it hands on must be one the XElement endpoint can read (then through
/// <see cref="XmlSoapEndpoint.HandleAsync"/>, which must answer, never log an unexpected failure).
/// </summary>
public sealed class SoapGuardTarget : FuzzTarget
{
    private static readonly SoapEndpointDescription[] Endpoints =
        [DeviceServiceRegistration.Descriptor.Endpoint!, SearchServiceRegistration.Descriptor.Endpoint!];

    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton<ILoggerFactory>(new FailingLoggerFactory())
        .BuildServiceProvider();

    public override string Name => "soap-guard";

    public override string Description => "SoapGuardMiddleware.InvokeAsync then XmlSoapEndpoint.HandleAsync on an echo operation; a fault response is the rejection, nothing may throw or log an error";

    public override int SmokeExecutions => 10_000;

    public override void Run(ReadOnlySpan<byte> input)
    {
        var reader = new FuzzInput(input);
        var endpoint = Endpoints[reader.Byte() % Endpoints.Length];
        var body = reader.Rest.ToArray();
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = "POST";
        context.Request.Path = endpoint.Path;
        context.Request.ContentType = "application/soap+xml; charset=utf-8";
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = body.Length;
        context.Response.Body = new MemoryStream();
        var handed = false;
        var guard = new SoapGuardMiddleware(
            inner => { handed = true; return XmlSoapEndpoint.HandleAsync(inner, Echo, endpoint.Path, []); },
            Endpoints);
        guard.InvokeAsync(context).GetAwaiter().GetResult();
        if (handed && context.Items[SoapGuardMiddleware.OperationItem] is not string)
        {
            throw new InvalidOperationException("the guard handed on a request without its operation");
        }

        if (context.Response.Body.Length == 0)
        {
            throw new InvalidOperationException("no response written");
        }
    }

    private static Task<XElement> Echo(XElement request, HttpContext context) =>
        Task.FromResult(new XElement(request.Name.Namespace + (request.Name.LocalName + "Response"), request.Attributes().Where(a => !a.IsNamespaceDeclaration), request.Nodes()));

    /// <summary>XmlSoapEndpoint logs unexpected failures as errors before faulting: under fuzzing that is a finding.</summary>
    private sealed class FailingLoggerFactory : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                throw new InvalidOperationException("unexpected failure logged: " + formatter(state, exception), exception);
            }
        }
    }
}

/// <summary>Reads a request envelope the way the authentication middleware does before it looks for credentials.</summary>
internal static class EnvelopeReader
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };

    public static XElement? Header(ReadOnlySpan<byte> body)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(body.ToArray()), Settings);
            return XDocument.Load(reader).Root?.Element(XName.Get("Header", OnvifNamespaces.Envelope));
        }
        catch (Exception e) when (e is XmlException or ArgumentException) // as the product reads envelopes (System.Xml throws ArgumentException on some broken encodings)
        {
            return null;
        }
    }
}
