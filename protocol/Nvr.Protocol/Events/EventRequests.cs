using System.Xml;
using System.Xml.Linq;
using Nvr.Control.Notifications;

namespace Nvr.Protocol.Events;

/// <summary>Reads the parts of event-service requests: a wsnt:Filter and a termination time, with the spec's faults.</summary>
public static class EventRequests
{
    /// <summary>Compiles a wsnt:Filter (TopicExpression in the Concrete/ConcreteSet dialects, MessageContent ItemFilter).</summary>
    public static NotificationFilter Filter(XElement? filter, DateTimeOffset now)
    {
        if (filter is null)
        {
            return NotificationFilter.All;
        }

        var topics = new List<string>();
        var contents = new List<string>();
        foreach (var part in filter.Elements())
        {
            var dialect = ((string?)part.Attribute("Dialect"))?.Trim() ?? string.Empty;
            if (part.Name == EventXml.Wsnt + "TopicExpression")
            {
                if (dialect is not (EventXml.ConcreteSetDialect or EventXml.ConcreteDialect))
                {
                    throw EventFaults.TopicExpressionDialectUnknown(dialect, now);
                }

                topics.Add(TopicExpression(part, dialect == EventXml.ConcreteDialect, now));
            }
            else if (part.Name == EventXml.Wsnt + "MessageContent")
            {
                // Core's ItemFilter is a subset of XPath 1.0 and both are evaluated as XPath over the message's items.
                if (dialect is not (EventXml.ItemFilterDialect or EventXml.XPathDialect))
                {
                    throw EventFaults.InvalidMessageContentExpression($"message content dialect '{dialect}' is not supported (use {EventXml.ItemFilterDialect})", now);
                }

                contents.Add("(" + part.Value.Trim() + ")");
            }
            else
            {
                throw EventFaults.InvalidFilter($"filter '{part.Name}' is not supported", part.Name, now);
            }
        }

        var compiled = NotificationFilter.TryCompile(
            topics.Count == 0 ? null : string.Join("|", topics),
            contents.Count == 0 ? null : string.Join(" and ", contents),
            out var error);
        return compiled ?? throw (error!.Part == NotificationFilterPart.Topic
            ? EventFaults.InvalidTopicExpression(error.Reason, now)
            : EventFaults.InvalidMessageContentExpression(error.Reason, now));
    }

    /// <summary>
    /// An absolute or relative termination time; absent: <paramref name="fallback"/>. Past or unreadable times are
    /// refused; times beyond the maximum lifetime are shortened to it.
    /// </summary>
    public static DateTimeOffset Termination(XElement? element, DateTimeOffset now, NotificationLimits limits, bool initial)
    {
        var max = now + limits.MaxTermination;
        if (element is null || element.Value.Trim().Length == 0)
        {
            return now + limits.DefaultTermination;
        }

        var requested = EventXml.AbsoluteOrRelative(element.Value, now);
        if (requested is null || requested <= now)
        {
            var reason = requested is null
                ? $"'{element.Value.Trim()}' is neither an xs:duration nor an xs:dateTime"
                : "the termination time is not in the future";
            throw initial
                ? EventFaults.UnacceptableInitialTerminationTime(reason, now, max)
                : EventFaults.UnacceptableTerminationTime(reason, now, max);
        }

        return requested.Value > max ? max : requested.Value;
    }

    /// <summary>Rewrites the expression's prefixes to the canonical ones (tns1 for the ONVIF topic namespace).</summary>
    private static string TopicExpression(XElement element, bool concrete, DateTimeOffset now)
    {
        var text = element.Value.Trim();
        if (concrete && (text.Contains('|', StringComparison.Ordinal) || text.Contains('*', StringComparison.Ordinal) || text.Contains("//", StringComparison.Ordinal)))
        {
            throw EventFaults.InvalidTopicExpression($"'{text}' is not a Concrete topic path", now);
        }

        var alternatives = new List<string>();
        foreach (var alternative in text.Split('|'))
        {
            var segments = alternative.Trim().Split('/');
            for (int i = 0; i < segments.Length; i++)
            {
                int colon = segments[i].IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    continue;
                }

                var prefix = segments[i][..colon];
                var ns = element.GetNamespaceOfPrefix(prefix)
                    ?? throw EventFaults.InvalidTopicExpression($"prefix '{prefix}' of '{text}' is not declared", now);
                var canonical = ns == EventXml.Tns1 ? "tns1" : ns == EventXml.Nvr ? "nvr" : prefix;
                segments[i] = canonical + segments[i][colon..];
            }

            alternatives.Add(string.Join('/', segments));
        }

        return string.Join('|', alternatives);
    }

    /// <summary>A tev:Seek's UtcTime (xs:dateTime; without a zone taken as UTC) and Reverse (optional, false).</summary>
    public static (DateTimeOffset UtcTime, bool Reverse) Seek(XElement seek, DateTimeOffset now)
    {
        var text = seek.Element(EventXml.Tev + "UtcTime")?.Value.Trim();
        if (string.IsNullOrEmpty(text) || text.StartsWith('P') || EventXml.AbsoluteOrRelative(text, now) is not { } utcTime)
        {
            throw Soap.OnvifFaults.InvalidArgs($"Seek needs a UtcTime (xs:dateTime), got '{text}'");
        }

        var reverse = seek.Element(EventXml.Tev + "Reverse")?.Value.Trim();
        return reverse switch
        {
            null or "false" or "0" => (utcTime, false),
            "true" or "1" => (utcTime, true),
            _ => throw Soap.OnvifFaults.InvalidArgs($"Seek's Reverse is not an xs:boolean: '{reverse}'"),
        };
    }

    public static TimeSpan Duration(XElement? element, string name)
    {
        try
        {
            return XmlConvert.ToTimeSpan(element?.Value.Trim() ?? throw new FormatException());
        }
        catch (FormatException)
        {
            throw Soap.OnvifFaults.InvalidArgs($"{name} must be an xs:duration");
        }
    }
}
