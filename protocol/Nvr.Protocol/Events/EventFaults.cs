using System.Xml.Linq;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Events;

/// <summary>
/// The faults of the event service: the WS-BaseNotification / WS-ResourceFramework fault elements (Core: "the same
/// faults as for Subscription Request of the WS-BaseNotification") carried in env:Detail, with ONVIF subcodes.
/// </summary>
public static class EventFaults
{
    public static OnvifFaultException ResourceUnknown(string id, DateTimeOffset now) =>
        new("Sender", ["InvalidArgVal", "ResourceUnknown"], $"subscription '{id}' does not exist (it expired or was unsubscribed)")
        {
            Detail = Base(EventXml.Wsrfr + "ResourceUnknownFault", now),
        };

    public static OnvifFaultException UnableToGetMessages(DateTimeOffset now) =>
        new("Receiver", ["Action", "UnableToGetMessages"], "another PullMessages request is already waiting on this subscription")
        {
            Detail = Base(EventXml.Wsnt + "UnableToGetMessagesFault", now),
        };

    public static OnvifFaultException SubscribeCreationFailed(string reason, DateTimeOffset now) =>
        new("Receiver", ["Action", "SubscribeCreationFailed"], reason)
        {
            Detail = Base(EventXml.Wsnt + "SubscribeCreationFailedFault", now),
        };

    public static OnvifFaultException InvalidFilter(string reason, XName unknown, DateTimeOffset now) =>
        new("Sender", ["InvalidArgVal", "InvalidFilter"], reason)
        {
            Detail = Base(EventXml.Wsnt + "InvalidFilterFault", now, new XElement(EventXml.Wsnt + "UnknownFilter", QName(unknown))),
        };

    public static OnvifFaultException TopicExpressionDialectUnknown(string dialect, DateTimeOffset now) =>
        new("Sender", ["InvalidArgVal", "TopicExpressionDialectUnknown"], $"topic expression dialect '{dialect}' is not supported")
        {
            Detail = Base(EventXml.Wsnt + "TopicExpressionDialectUnknownFault", now),
        };

    public static OnvifFaultException InvalidTopicExpression(string reason, DateTimeOffset now) =>
        new("Sender", ["InvalidArgVal", "InvalidTopicExpression"], reason)
        {
            Detail = Base(EventXml.Wsnt + "InvalidTopicExpressionFault", now),
        };

    public static OnvifFaultException InvalidMessageContentExpression(string reason, DateTimeOffset now) =>
        new("Sender", ["InvalidArgVal", "InvalidMessageContentExpression"], reason)
        {
            Detail = Base(EventXml.Wsnt + "InvalidMessageContentExpressionFault", now),
        };

    public static OnvifFaultException UnacceptableInitialTerminationTime(string reason, DateTimeOffset now, DateTimeOffset max) =>
        new("Sender", ["InvalidArgVal", "UnacceptableInitialTerminationTime"], reason)
        {
            Detail = Base(EventXml.Wsnt + "UnacceptableInitialTerminationTimeFault", now, AcceptableTimes(now, max)),
        };

    public static OnvifFaultException UnacceptableTerminationTime(string reason, DateTimeOffset now, DateTimeOffset max) =>
        new("Sender", ["InvalidArgVal", "UnacceptableTerminationTime"], reason)
        {
            Detail = Base(EventXml.Wsnt + "UnacceptableTerminationTimeFault", now, AcceptableTimes(now, max)),
        };

    /// <summary>tev:PullMessagesFaultResponse: the Timeout exceeds what the device supports (both limits given).</summary>
    public static OnvifFaultException PullMessagesLimits(TimeSpan maxTimeout, int maxMessageLimit) =>
        new("Sender", ["InvalidArgVal", "PullMessagesFault"], $"the Timeout exceeds the supported maximum {System.Xml.XmlConvert.ToString(maxTimeout)}")
        {
            Detail = new XElement(EventXml.Tev + "PullMessagesFaultResponse",
                new XElement(EventXml.Tev + "MaxTimeout", System.Xml.XmlConvert.ToString(maxTimeout)),
                new XElement(EventXml.Tev + "MaxMessageLimit", maxMessageLimit)),
        };

    /// <summary>wsnt:MinimumTime and wsnt:MaximumTime: the termination times the device would accept.</summary>
    private static XElement[] AcceptableTimes(DateTimeOffset now, DateTimeOffset max) =>
        [new XElement(EventXml.Wsnt + "MinimumTime", EventXml.Utc(now)), new XElement(EventXml.Wsnt + "MaximumTime", EventXml.Utc(max))];

    private static XElement Base(XName name, DateTimeOffset now, params object[] extra) =>
        new(name, new XElement(EventXml.Bf + "Timestamp", EventXml.Utc(now)), extra);

    private static string QName(XName name) => name.Namespace == EventXml.Wsnt ? "wsnt:" + name.LocalName : name.LocalName;
}
