namespace Nvr.Recording;

/// <summary>Why a span was closed (B.2).</summary>
public enum SpanCloseReason
{
    /// <summary>The recording was stopped.</summary>
    Stopped,

    /// <summary>SpanDuration was reached.</summary>
    SpanDuration,

    /// <summary>The movie box had to change (new parameter sets, codec, encryption coverage, format).</summary>
    MovieChanged,

    /// <summary>The source failed or its timeline jumped (reconnection).</summary>
    SourceDiscontinuity,
}
