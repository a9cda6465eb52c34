using Nvr.Control.Events;
using Nvr.Control.Triggers;

namespace Nvr.Control.Notifications;

/// <summary>
/// The filter of one event subscription (ONVIF Core 9.6): an optional topic expression (ConcreteSet dialect, compiled
/// by <see cref="TopicFilter"/>) and an optional message content expression (XPath over the message's Source, Key and
/// Data items, compiled by <see cref="SourceFilter"/>). Both must accept a message; an empty filter accepts all.
/// </summary>
public sealed class NotificationFilter
{
    private readonly TopicFilter? _topic;
    private readonly SourceFilter? _content;

    private NotificationFilter(TopicFilter? topic, SourceFilter? content)
    {
        _topic = topic;
        _content = content;
    }

    public static NotificationFilter All { get; } = new(null, null);

    /// <summary>Compiles a filter; null and the reason (with which part failed) when an expression is unusable.</summary>
    public static NotificationFilter? TryCompile(string? topicExpression, string? contentExpression, out NotificationFilterError? error)
    {
        error = null;
        TopicFilter? topic = null;
        if (!string.IsNullOrWhiteSpace(topicExpression))
        {
            topic = TopicFilter.TryParse(topicExpression, out var reason);
            if (topic is null)
            {
                error = new NotificationFilterError(NotificationFilterPart.Topic, reason ?? "invalid topic expression");
                return null;
            }
        }

        SourceFilter? content = null;
        if (!string.IsNullOrWhiteSpace(contentExpression))
        {
            content = SourceFilter.TryParse(contentExpression, out var reason);
            if (content is null)
            {
                error = new NotificationFilterError(NotificationFilterPart.MessageContent, reason ?? "invalid message content expression");
                return null;
            }
        }

        return new NotificationFilter(topic, content);
    }

    public bool Matches(OnvifEvent notification) =>
        (_topic is null || _topic.Matches(notification.Topic)) &&
        (_content is null || _content.Matches(notification.MessageSourceItems, notification.KeyItems, notification.DataItems));
}

public enum NotificationFilterPart
{
    Topic,
    MessageContent,
}

public sealed record NotificationFilterError(NotificationFilterPart Part, string Reason);
