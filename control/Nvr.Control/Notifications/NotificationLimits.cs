namespace Nvr.Control.Notifications;

/// <summary>Bounds of the event service: subscriptions, queued messages per subscription, pull and lifetime limits.</summary>
public sealed record NotificationLimits
{
    public static NotificationLimits Default { get; } = new();

    /// <summary>Pull-point subscriptions at once (capability MaxPullPoints).</summary>
    public int MaxPullPoints { get; init; } = 16;

    /// <summary>Base-notification (push) subscriptions at once (capability MaxNotificationProducers).</summary>
    public int MaxPushSubscriptions { get; init; } = 16;

    /// <summary>Messages kept per subscription; beyond it the oldest is dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>Most messages one PullMessages returns (a larger MessageLimit is capped, never a fault).</summary>
    public int MaxMessageLimit { get; init; } = 1000;

    /// <summary>Longest PullMessages Timeout accepted (Core: at least one minute).</summary>
    public TimeSpan MaxPullTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of a subscription created without InitialTerminationTime.</summary>
    public TimeSpan DefaultTermination { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest lifetime a subscribe or renew may ask for.</summary>
    public TimeSpan MaxTermination { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Property states remembered for Initialized messages.</summary>
    public int PropertyCapacity { get; init; } = 8192;
}
