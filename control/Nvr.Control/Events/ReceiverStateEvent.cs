namespace Nvr.Control.Events;

/// <summary>
/// Topic tns1:Receiver/ChangeState (property): a receiver's connection state (NotConnected, Connecting, Connected),
/// published when the receiver is created and whenever its connection changes.
/// </summary>
public sealed record ReceiverStateEvent(DateTimeOffset UtcTime, string ReceiverToken, string State)
    : OnvifEvent("Receiver/ChangeState", true, UtcTime)
{
    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("ReceiverToken", ReceiverToken)];

    public override IReadOnlyList<EventItem> DataItems => [new EventItem("NewState", State)];
}
