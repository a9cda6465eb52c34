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

    /// <summary>
    /// Event recording (seed 5.3.4): the event window ended (its After time ran out and at least one key frame was
    /// written), or event gating was enabled while continuous recording had a span open.
    /// </summary>
    EventEnded,
}
