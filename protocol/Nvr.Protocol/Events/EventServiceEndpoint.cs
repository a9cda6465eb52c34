using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nvr.Control;
using Nvr.Control.Notifications;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Events;

/// <summary>
/// The ONVIF event service, written by hand instead of with SoapCore: each subscription has its own address
/// (<c>/onvif/event_service/subscriptions/{id}</c>), requests are dispatched by their body element whatever the
/// action header says, PullMessages long-polls with the request's cancellation, and topic expressions are QName-valued
/// text whose prefixes must be resolved against the request's own declarations (SoapCore dispatches by action and one
/// path per service, and its QName handling is known to be broken).
/// </summary>
public sealed class EventServiceEndpoint
{
    public const string Path = "/onvif/event_service";
    public const string SubscriptionsPath = Path + "/subscriptions/";

    private readonly NotificationBroker _broker;
    private readonly PushDelivery _push;
    private readonly ILogger<EventServiceEndpoint> _logger;

    private readonly IStoredNotifications _stored;

    public EventServiceEndpoint(ControlPlane control, PushDelivery push, Nvr.Storage.Index.RecordedRangeIndex index, ILogger<EventServiceEndpoint> logger)
    {
        _broker = control.Notifications;
        _stored = new IndexNotificationStore(index);
        _push = push;
        _logger = logger;
    }

    private DateTimeOffset Now => _broker.Time.GetUtcNow();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(Path, (HttpContext context) => context.RequestServices.GetRequiredService<EventServiceEndpoint>().HandleAsync(context, null));
        app.MapPost(SubscriptionsPath + "{id}", (HttpContext context, string id) =>
            context.RequestServices.GetRequiredService<EventServiceEndpoint>().HandleAsync(context, id));
    }

    private async Task HandleAsync(HttpContext context, string? subscription)
    {
        XElement reply;
        try
        {
            var operation = await ReadOperationAsync(context.Request);
            reply = subscription is null
                ? await ServiceAsync(operation, context)
                : await SubscriptionAsync(operation, subscription, context.RequestAborted);
        }
        catch (OnvifFaultException fault)
        {
            await WriteAsync(context, null, fault);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "event service operation failed");
            await WriteAsync(context, null, OnvifFaults.Internal("the device could not complete the operation"));
            return;
        }

        await WriteAsync(context, reply, null);
    }

    private async Task<XElement> ServiceAsync(XElement operation, HttpContext context)
    {
        var name = operation.Name;
        if (name == EventXml.Tev + "GetServiceCapabilities")
        {
            return new XElement(EventXml.Tev + "GetServiceCapabilitiesResponse", EventCapabilities.Element(_broker.Limits));
        }

        if (name == EventXml.Tev + "GetEventProperties")
        {
            return GetEventProperties();
        }

        if (name == EventXml.Tev + "CreatePullPointSubscription")
        {
            return Created(EventXml.Tev + "CreatePullPointSubscriptionResponse", EventXml.Tev + "SubscriptionReference",
                Subscribe(SubscriptionKind.PullPoint, operation.Element(EventXml.Tev + "Filter"), operation.Element(EventXml.Tev + "InitialTerminationTime"), null),
                context.Request);
        }

        if (name == EventXml.Wsnt + "Subscribe")
        {
            var consumer = operation.Element(EventXml.Wsnt + "ConsumerReference")?.Element(EventXml.Wsa + "Address")?.Value.Trim();
            if (consumer is null || !Uri.TryCreate(consumer, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw EventFaults.SubscribeCreationFailed("the ConsumerReference needs an http(s) wsa:Address", Now);
            }

            var created = Subscribe(SubscriptionKind.Push, operation.Element(EventXml.Wsnt + "Filter"), operation.Element(EventXml.Wsnt + "InitialTerminationTime"), consumer);
            _push.Start(created);
            return Created(EventXml.Wsnt + "SubscribeResponse", EventXml.Wsnt + "SubscriptionReference", created, context.Request);
        }

        await Task.CompletedTask;
        throw OnvifFaults.UnknownAction($"'{name}' is not an operation of {Path}");
    }

    private async Task<XElement> SubscriptionAsync(XElement operation, string id, CancellationToken cancellationToken)
    {
        var name = operation.Name;
        if (name == EventXml.Tev + "PullMessages")
        {
            var timeout = EventRequests.Duration(operation.Element(EventXml.Tev + "Timeout"), "Timeout");
            if (timeout > _broker.Limits.MaxPullTimeout)
            {
                throw EventFaults.PullMessagesLimits(_broker.Limits.MaxPullTimeout, _broker.Limits.MaxMessageLimit);
            }

            if (timeout < TimeSpan.Zero || !int.TryParse(operation.Element(EventXml.Tev + "MessageLimit")?.Value.Trim(), out var limit))
            {
                throw OnvifFaults.InvalidArgs("PullMessages needs a non-negative Timeout and an integer MessageLimit");
            }

            var pulled = await _broker.PullAsync(id, timeout, limit, cancellationToken);
            var now = Now;
            return pulled.Outcome switch
            {
                PullOutcome.Unknown => throw EventFaults.ResourceUnknown(id, now),
                PullOutcome.Busy => throw EventFaults.UnableToGetMessages(now),
                _ => new XElement(EventXml.Tev + "PullMessagesResponse",
                    new XElement(EventXml.Tev + "CurrentTime", EventXml.Utc(now)),
                    new XElement(EventXml.Tev + "TerminationTime", EventXml.Utc(pulled.TerminationTime)),
                    NotificationMessageWriter.Write(pulled.Messages, now)),
            };
        }

        if (name == EventXml.Wsnt + "Renew")
        {
            var now = Now;
            var termination = EventRequests.Termination(operation.Element(EventXml.Wsnt + "TerminationTime"), now, _broker.Limits, initial: false);
            var renewed = _broker.Renew(id, termination) ?? throw EventFaults.ResourceUnknown(id, now);
            return new XElement(EventXml.Wsnt + "RenewResponse",
                new XElement(EventXml.Wsnt + "TerminationTime", EventXml.Utc(renewed.TerminationTime)),
                new XElement(EventXml.Wsnt + "CurrentTime", EventXml.Utc(now)));
        }

        if (name == EventXml.Wsnt + "Unsubscribe")
        {
            return _broker.Unsubscribe(id) ? new XElement(EventXml.Wsnt + "UnsubscribeResponse") : throw EventFaults.ResourceUnknown(id, Now);
        }

        if (name == EventXml.Tev + "SetSynchronizationPoint")
        {
            return _broker.SetSynchronizationPoint(id)
                ? new XElement(EventXml.Tev + "SetSynchronizationPointResponse")
                : throw EventFaults.ResourceUnknown(id, Now);
        }

        if (name == EventXml.Tev + "Seek")
        {
            var (utcTime, reverse) = EventRequests.Seek(operation, Now);
            return _broker.Seek(id, _stored, utcTime, reverse)
                ? new XElement(EventXml.Tev + "SeekResponse")
                : throw EventFaults.ResourceUnknown(id, Now);
        }

        throw OnvifFaults.UnknownAction($"'{name}' is not an operation of a subscription");
    }

    private SubscriptionInfo Subscribe(SubscriptionKind kind, XElement? filter, XElement? termination, string? consumer)
    {
        var now = Now;
        var compiled = EventRequests.Filter(filter, now);
        var until = EventRequests.Termination(termination, now, _broker.Limits, initial: true);
        return _broker.Subscribe(kind, compiled, until, consumer)
            ?? throw EventFaults.SubscribeCreationFailed(kind == SubscriptionKind.PullPoint
                ? $"the maximum of {_broker.Limits.MaxPullPoints} pull points exists already (MaxPullPoints)"
                : $"the maximum of {_broker.Limits.MaxPushSubscriptions} subscriptions exists already (MaxNotificationProducers)", now);
    }

    private XElement Created(XName response, XName reference, SubscriptionInfo created, HttpRequest request) => new(response,
        new XElement(reference, new XElement(EventXml.Wsa + "Address", $"{request.Scheme}://{request.Host}{SubscriptionsPath}{created.Id}")),
        new XElement(EventXml.Wsnt + "CurrentTime", EventXml.Utc(Now)),
        new XElement(EventXml.Wsnt + "TerminationTime", EventXml.Utc(created.TerminationTime)));

    private static XElement GetEventProperties() => new(EventXml.Tev + "GetEventPropertiesResponse",
        new XElement(EventXml.Tev + "TopicNamespaceLocation", EventXml.TopicNamespaceLocation),
        new XElement(EventXml.Wsnt + "FixedTopicSet", "false"),
        EventTopicSet.TopicSet(),
        new XElement(EventXml.Wsnt + "TopicExpressionDialect", EventXml.ConcreteDialect),
        new XElement(EventXml.Wsnt + "TopicExpressionDialect", EventXml.ConcreteSetDialect),
        new XElement(EventXml.Tev + "MessageContentFilterDialect", EventXml.ItemFilterDialect),
        new XElement(EventXml.Tev + "MessageContentFilterDialect", EventXml.XPathDialect),
        new XElement(EventXml.Tev + "MessageContentSchemaLocation", "http://www.onvif.org/onvif/ver10/schema/onvif.xsd"));

    /// <summary>Reads a bounded SOAP 1.2 envelope (no DTD, no external entities) and returns its body's first element.</summary>
    private static async Task<XElement> ReadOperationAsync(HttpRequest request)
    {
        if (request.ContentLength > SoapGuardMiddleware.MaxBodyBytes)
        {
            await SoapGuardMiddleware.DiscardRestOfBodyAsync(request.HttpContext);
            throw OnvifFaults.InvalidArgs($"the request body exceeds {SoapGuardMiddleware.MaxBodyBytes} bytes");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > SoapGuardMiddleware.MaxBodyBytes)
            {
                await SoapGuardMiddleware.DiscardRestOfBodyAsync(request.HttpContext);
                throw OnvifFaults.InvalidArgs($"the request body exceeds {SoapGuardMiddleware.MaxBodyBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
            if (!SoapGuardMiddleware.WithinDepth(buffer.ToArray(), settings))
            {
                throw OnvifFaults.InvalidArgs($"the request nests elements deeper than {SoapGuardMiddleware.MaxDepth} levels");
            }

            using var reader = XmlReader.Create(buffer, settings);
            document = XDocument.Load(reader);
        }
        catch (Exception e) when (e is XmlException or ArgumentException) // ArgumentException: System.Xml on some broken encodings
        {
            throw OnvifFaults.WellFormed("the request is not well-formed XML: " + e.Message);
        }

        if (document.Root?.Name != EventXml.Env + "Envelope")
        {
            throw new OnvifFaultException("Sender", ["WellFormed"], "the request is not a SOAP 1.2 envelope");
        }

        return document.Root.Element(EventXml.Env + "Body")?.Elements().FirstOrDefault()
            ?? throw OnvifFaults.InvalidArgs("the SOAP body names no operation");
    }

    private static async Task WriteAsync(HttpContext context, XElement? body, OnvifFaultException? fault)
    {
        context.Response.StatusCode = fault is null ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "application/soap+xml; charset=utf-8";
        await context.Response.WriteAsync(Envelope(body, fault), Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>A SOAP 1.2 envelope around <paramref name="body"/> (or the fault), with the usual prefixes declared.</summary>
    public static string Envelope(XElement? body, OnvifFaultException? fault)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            writer.WriteStartElement("env", "Envelope", OnvifNamespaces.Envelope);
            writer.WriteAttributeString("xmlns", "tt", null, OnvifNamespaces.Schema);
            writer.WriteAttributeString("xmlns", "tev", null, EventXml.Tev.NamespaceName);
            writer.WriteAttributeString("xmlns", "wsnt", null, EventXml.Wsnt.NamespaceName);
            writer.WriteAttributeString("xmlns", "wsa", null, EventXml.Wsa.NamespaceName);
            writer.WriteAttributeString("xmlns", "wsrf-bf", null, EventXml.Bf.NamespaceName);
            writer.WriteAttributeString("xmlns", "tns1", null, EventXml.Tns1.NamespaceName);
            writer.WriteStartElement("env", "Body", OnvifNamespaces.Envelope);
            if (fault is not null)
            {
                OnvifFaultBodyWriter.WriteFault(writer, fault);
            }
            else
            {
                body!.WriteTo(writer);
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + text;
    }
}
