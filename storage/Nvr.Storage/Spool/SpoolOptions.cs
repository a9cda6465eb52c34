namespace Nvr.Storage.Spool;

/// <summary>Limits and retry policy of a <see cref="SpoolingSink"/>.</summary>
public sealed record SpoolOptions
{
    /// <summary>
    /// Most bytes the spool keeps (completed objects waiting for upload plus segments being written).
    /// When exceeded, the oldest completed objects are dropped (logged and counted). Segments still being
    /// written are never dropped, so size this above one segment per open span.
    /// </summary>
    public long CapacityBytes { get; init; } = 1L * 1024 * 1024 * 1024;

    /// <summary>Delay after the first failed upload attempt.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the exponentially growing delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest one upload attempt may take (injected clock); a stalled object store costs this, then the attempt
    /// counts as failed and is retried after the backoff. Also the S3 client's request timeout.
    /// </summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The delay after failed attempt n (1-based): InitialBackoff · 2^(n-1), at most MaxBackoff.</summary>
    public TimeSpan BackoffAfter(int failedAttempts)
    {
        double factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(InitialBackoff.Ticks * factor, MaxBackoff.Ticks));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
