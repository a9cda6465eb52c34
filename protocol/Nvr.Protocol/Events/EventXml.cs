using System.Xml;
using System.Xml.Linq;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Events;

/// <summary>Namespaces, dialects and value formats of the event service (event.wsdl, WS-BaseNotification, WS-Topics).</summary>
public static class EventXml
{
    public static readonly XNamespace Env = OnvifNamespaces.Envelope;
    public static readonly XNamespace Tev = "http://www.onvif.org/ver10/events/wsdl";
    public static readonly XNamespace Wsnt = "http://docs.oasis-open.org/wsn/b-2";
    public static readonly XNamespace Wsa = "http://www.w3.org/2005/08/addressing";
    public static readonly XNamespace Wstop = "http://docs.oasis-open.org/wsn/t-1";
    public static readonly XNamespace Bf = "http://docs.oasis-open.org/wsrf/bf-2";
    public static readonly XNamespace Wsrfr = "http://docs.oasis-open.org/wsrf/r-2";
    public static readonly XNamespace Tt = OnvifNamespaces.Schema;
    public static readonly XNamespace Tns1 = "http://www.onvif.org/ver10/topics";

    /// <summary>This appliance's own topics (the gap marker of a subscription whose queue overflowed).</summary>
    public static readonly XNamespace Nvr = "http://www.onvif.org/ver10/topics/nvr-appliance";

    public const string ConcreteSetDialect = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";
    public const string ConcreteDialect = "http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete";
    public const string ItemFilterDialect = "http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter";
    public const string XPathDialect = "http://www.w3.org/TR/1999/REC-xpath-19991116";
    public const string TopicNamespaceLocation = "http://www.onvif.org/onvif/ver10/topics/topicns.xml";

    /// <summary>xs:dateTime in UTC with 'Z' (Core 9.1: every event time is UTC with the Z indicator).</summary>
    public static string Utc(DateTimeOffset time) =>
        XmlConvert.ToString(time.UtcDateTime, XmlDateTimeSerializationMode.Utc);

    /// <summary>
    /// A wsnt:AbsoluteOrRelativeTimeType: an xs:duration relative to <paramref name="now"/> or an xs:dateTime
    /// (without a zone it is taken as UTC). Null when it is neither.
    /// </summary>
    public static DateTimeOffset? AbsoluteOrRelative(string text, DateTimeOffset now)
    {
        text = text.Trim();
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            try
            {
                return now + XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return null;
            }
        }

        try
        {
            var parsed = XmlConvert.ToDateTime(text, XmlDateTimeSerializationMode.RoundtripKind);
            return parsed.Kind == DateTimeKind.Unspecified
                ? new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc))
                : new DateTimeOffset(parsed.ToUniversalTime());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
