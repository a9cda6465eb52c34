using System.Xml;
using System.Xml.Linq;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Request fragments and readers of the event service's messages, shared by the event tests.</summary>
public static class EventWire
{
    public const string Wsnt = "http://docs.oasis-open.org/wsn/b-2";
    public const string Tns1 = "http://www.onvif.org/ver10/topics";
    public const string ConcreteSet = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";
    public const string Concrete = "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete";
    public const string ItemFilter = "http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter";
    public const string XPath = "http://www.w3.org/TR/1999/REC-xpath-19991116";
    public static readonly XNamespace TevNs = OnvifSoapClient.Tev;
    public static readonly XNamespace WsntNs = Wsnt;
    public static readonly XNamespace WsaNs = "http://www.w3.org/2005/08/addressing";

    public static string TopicFilter(string expression, string dialect = ConcreteSet) =>
        $"<wsnt:TopicExpression xmlns:wsnt=\"{Wsnt}\" xmlns:tns1=\"{Tns1}\" Dialect=\"{dialect}\">{expression}</wsnt:TopicExpression>";

    public static string ContentFilter(string expression, string dialect = ItemFilter) =>
        $"<wsnt:MessageContent xmlns:wsnt=\"{Wsnt}\" xmlns:tt=\"{OnvifSoapClient.Tt}\" Dialect=\"{dialect}\">{System.Security.SecurityElement.Escape(expression)}</wsnt:MessageContent>";

    /// <summary>Creates a pull point with the given filter parts; returns its address.</summary>
    public static async Task<string> CreatePullPointAsync(OnvifSoapClient events, string filter = "", string termination = "PT60S")
    {
        var created = await events.CallAsync("CreatePullPointSubscription",
            (filter.Length > 0 ? $"<Filter>{filter}</Filter>" : string.Empty) + $"<InitialTerminationTime>{termination}</InitialTerminationTime>");
        AssertUtc(created.Element(WsntNs + "CurrentTime")!);
        AssertUtc(created.Element(WsntNs + "TerminationTime")!);
        return created.Element(TevNs + "SubscriptionReference")!.Element(WsaNs + "Address")!.Value;
    }

    public static async Task<XElement> PullResponseAsync(OnvifSoapClient pullPoint, string timeout, int limit = 100)
    {
        var response = await pullPoint.CallAsync("PullMessages", $"<Timeout>{timeout}</Timeout><MessageLimit>{limit}</MessageLimit>");
        AssertUtc(response.Element(TevNs + "CurrentTime")!);
        AssertUtc(response.Element(TevNs + "TerminationTime")!);
        return response;
    }

    public static async Task<List<XElement>> PullAsync(OnvifSoapClient pullPoint, string timeout, int limit = 100) =>
        (await PullResponseAsync(pullPoint, timeout, limit)).Elements(WsntNs + "NotificationMessage").ToList();

    /// <summary>Pulls until a message satisfies <paramref name="last"/> (events are delivered in order), within a deadline.</summary>
    public static async Task<List<XElement>> PullUntilAsync(OnvifSoapClient pullPoint, Func<XElement, bool> last, TimeSpan? within = null, int limit = 100)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        var messages = new List<XElement>();
        while (!messages.Any(last))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the expected message did not arrive; got {string.Join(", ", messages.Select(Topic))}");
            messages.AddRange(await PullAsync(pullPoint, "PT5S", limit));
        }

        return messages;
    }

    /// <summary>Unsubscribe (WS-BaseNotification, wsnt namespace) at a subscription's own address.</summary>
    public static async Task UnsubscribeAsync(string address, EnvelopeCapture capture)
    {
        await using var manager = new OnvifSoapClient(address, Wsnt, capture);
        await manager.CallAsync("Unsubscribe");
    }

    public static string Topic(XElement holder) => holder.Element(WsntNs + "Topic")!.Value.Trim();

    public static XElement Message(XElement holder) => holder.Element(WsntNs + "Message")!.Element(Wire.Tt + "Message")!;

    public static string? Item(XElement holder, string part, string name) =>
        Message(holder).Element(Wire.Tt + part)?.Elements(Wire.Tt + "SimpleItem")
            .FirstOrDefault(i => (string?)i.Attribute("Name") == name)?.Attribute("Value")?.Value;

    public static string? Source(XElement holder, string name) => Item(holder, "Source", name);

    public static string? Data(XElement holder, string name) => Item(holder, "Data", name);

    public static string? Operation(XElement holder) => (string?)Message(holder).Attribute("PropertyOperation");

    public static XElement? ElementItem(XElement holder, string name) =>
        Message(holder).Element(Wire.Tt + "Data")?.Elements(Wire.Tt + "ElementItem")
            .FirstOrDefault(i => (string?)i.Attribute("Name") == name)?.Elements().FirstOrDefault();

    /// <summary>Core: CurrentTime, TerminationTime (and every UtcTime) are UTC with the 'Z' indicator.</summary>
    public static DateTime AssertUtc(XElement time)
    {
        Assert.EndsWith("Z", time.Value.Trim(), StringComparison.Ordinal);
        return XmlConvert.ToDateTime(time.Value.Trim(), XmlDateTimeSerializationMode.Utc);
    }
}
