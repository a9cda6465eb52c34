namespace Nvr.Pipeline.Rtp;

/// <summary>
/// Extends 32-bit RTP timestamps to a monotonic 64-bit timeline: each new value is placed at the 64-bit value
/// nearest to the previous one, so wraps forward (and small backward steps, e.g. B-frames) are handled.
/// </summary>
public sealed class RtpTimestampUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>Unwraps <paramref name="timestamp"/> and remembers it as the new reference.</summary>
    public long Unwrap(uint timestamp)
    {
        var value = Peek(timestamp);
        _last = value;
        _started = true;
        return value;
    }

    /// <summary>Unwraps without moving the reference (for RTCP timestamps).</summary>
    public long Peek(uint timestamp)
    {
        if (!_started)
        {
            return timestamp;
        }

        var delta = (int)(timestamp - (uint)_last);
        return _last + delta;
    }
}
