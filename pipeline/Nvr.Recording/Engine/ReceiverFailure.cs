using Nvr.Pipeline.Rtsp;

namespace Nvr.Recording.Engine;

/// <summary>
/// Why a receiver's RTSP connection failed or dropped, without the failure's text (which may name the camera's
/// address): <see cref="Reason"/> is the <see cref="RtspFailure"/> name (ConnectionFailed, ConnectionClosed, Timeout,
/// Unauthorized, NotFound...), <c>Error</c> for anything else; <see cref="StatusCode"/> the RTSP status, 0 when none.
/// </summary>
public sealed record ReceiverFailure(string Reason, int StatusCode)
{
    /// <summary>The reason of a failure that is not an RTSP one.</summary>
    public const string OtherError = "Error";

    public static ReceiverFailure Of(Exception error) => error switch
    {
        RtspException rtsp => new ReceiverFailure(rtsp.Failure.ToString(), rtsp.StatusCode),
        System.Net.Sockets.SocketException => new ReceiverFailure(nameof(RtspFailure.ConnectionFailed), 0),
        TimeoutException => new ReceiverFailure(nameof(RtspFailure.Timeout), 0),
        _ => new ReceiverFailure(OtherError, 0),
    };
}
