namespace Nvr.Pipeline.Rtsp;

/// <summary>An RTSP session failure with a machine-readable reason and the server's status, if any.</summary>
public sealed class RtspException : Exception
{
    public RtspException(RtspFailure failure, string message, int statusCode = 0, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        StatusCode = statusCode;
    }

    public RtspFailure Failure { get; }

    /// <summary>The RTSP status code that caused the failure, 0 when none.</summary>
    public int StatusCode { get; }

    /// <summary>Maps a refusal status to a failure reason.</summary>
    public static RtspFailure FailureFor(int statusCode) => statusCode switch
    {
        401 or 407 => RtspFailure.Unauthorized,
        403 => RtspFailure.Forbidden,
        404 => RtspFailure.NotFound,
        454 => RtspFailure.SessionNotFound,
        461 => RtspFailure.UnsupportedTransport,
        >= 300 and < 400 => RtspFailure.RedirectFailed,
        _ => RtspFailure.Refused,
    };
}
