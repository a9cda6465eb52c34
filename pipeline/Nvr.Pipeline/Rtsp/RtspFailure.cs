namespace Nvr.Pipeline.Rtsp;

/// <summary>Why an RTSP session could not be established or ended.</summary>
public enum RtspFailure
{
    /// <summary>TCP connection refused, reset or the host unreachable.</summary>
    ConnectionFailed,

    /// <summary>The server closed the connection.</summary>
    ConnectionClosed,

    /// <summary>No (complete) answer in time, or no media flowing.</summary>
    Timeout,

    /// <summary>401/407: credentials missing or wrong.</summary>
    Unauthorized,

    /// <summary>403.</summary>
    Forbidden,

    /// <summary>404: no such stream.</summary>
    NotFound,

    /// <summary>454: the server forgot our session.</summary>
    SessionNotFound,

    /// <summary>461: none of the offered transports is acceptable.</summary>
    UnsupportedTransport,

    /// <summary>Too many redirects, or a redirect without a usable Location.</summary>
    RedirectFailed,

    /// <summary>Any other non-success status.</summary>
    Refused,

    /// <summary>The peer broke RTSP framing or sent something oversized (e.g. a huge Content-Length).</summary>
    ProtocolViolation,

    /// <summary>The SDP is malformed or has no stream we can record.</summary>
    UnusableDescription,
}
