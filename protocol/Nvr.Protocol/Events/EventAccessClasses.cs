using Nvr.Protocol.Security;

namespace Nvr.Protocol.Events;

/// <summary>
/// The access class of every operation of event.wsdl (served at the event service's address and at each
/// subscription's address), as Core's event handling section states them: GetServiceCapabilities PRE_AUTH, event
/// brokers WRITE_SYSTEM / READ_MEDIA, everything about subscriptions and messages READ_MEDIA. Core gives no class to
/// WS-BaseNotification's Subscribe, the pull point interface (CreatePullPoint, DestroyPullPoint, GetMessages),
/// GetCurrentMessage and Pause/ResumeSubscription: they are READ_MEDIA like the subscription operations Core does
/// classify. Notify is sent by the device, never served: it has no class, so it is refused.
/// </summary>
public static class EventAccessClasses
{
    public static IReadOnlyDictionary<string, AccessClass> Table { get; } = new Dictionary<string, AccessClass>(StringComparer.Ordinal)
    {
        ["GetServiceCapabilities"] = AccessClass.PreAuth,
        ["GetEventProperties"] = AccessClass.ReadMedia,
        ["CreatePullPointSubscription"] = AccessClass.ReadMedia,
        ["PullMessages"] = AccessClass.ReadMedia,
        ["Seek"] = AccessClass.ReadMedia,
        ["SetSynchronizationPoint"] = AccessClass.ReadMedia,
        ["Renew"] = AccessClass.ReadMedia,
        ["Unsubscribe"] = AccessClass.ReadMedia,
        ["Subscribe"] = AccessClass.ReadMedia,
        ["GetCurrentMessage"] = AccessClass.ReadMedia,
        ["PauseSubscription"] = AccessClass.ReadMedia,
        ["ResumeSubscription"] = AccessClass.ReadMedia,
        ["CreatePullPoint"] = AccessClass.ReadMedia,
        ["DestroyPullPoint"] = AccessClass.ReadMedia,
        ["GetMessages"] = AccessClass.ReadMedia,
        ["AddEventBroker"] = AccessClass.WriteSystem,
        ["DeleteEventBroker"] = AccessClass.WriteSystem,
        ["GetEventBrokers"] = AccessClass.ReadMedia,
    };
}
