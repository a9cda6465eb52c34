namespace Nvr.Control.Events;

/// <summary>
/// Topic <c>nvr:Receiver/ConnectionFailed</c> (momentary, the appliance's own namespace: neither Core nor the topic
/// namespace names a failure topic next to tns1:Receiver/ChangeState): a receiver's RTSP connection attempt failed or
/// its connection dropped. Reason is the failure class (ConnectionFailed, ConnectionClosed, Timeout, Unauthorized,
/// Forbidden, NotFound, ...; never the failure's text, which may name the camera's address), StatusCode the RTSP
/// status (0 when the server sent none). Published with every failed attempt, so its rate is the reconnect backoff's.
/// </summary>
public sealed record ReceiverConnectionFailedEvent(DateTimeOffset UtcTime, string ReceiverToken, string Reason, int StatusCode)
    : OnvifEvent(TopicName, false, UtcTime)
{
    public const string TopicName = "nvr:Receiver/ConnectionFailed";

    public override IReadOnlyList<EventItem> SourceItems => [new EventItem("ReceiverToken", ReceiverToken)];

    public override IReadOnlyList<EventItem> DataItems =>
        [new EventItem("Reason", Reason), new EventItem("StatusCode", StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
