namespace Nvr.Pipeline.Ingest;

/// <summary>
/// Jittered exponential backoff: attempt n waits min(<see cref="Maximum"/>, <see cref="Initial"/> × <see cref="Multiplier"/>ⁿ),
/// scaled by a random factor in [1 − <see cref="Jitter"/>, 1 + <see cref="Jitter"/>] so many cameras failing
/// together do not reconnect in lock-step.
/// </summary>
public sealed record BackoffPolicy(TimeSpan Initial, TimeSpan Maximum, double Multiplier = 2.0, double Jitter = 0.25)
{
    public static BackoffPolicy Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based), given a uniform random value in [0, 1).</summary>
    public TimeSpan DelayFor(int attempt, double random)
    {
        var exponent = Math.Min(attempt, 62);
        var baseTicks = Math.Min(Maximum.Ticks, Initial.Ticks * Math.Pow(Multiplier, exponent));
        var factor = 1.0 + (Jitter * ((2.0 * Math.Clamp(random, 0.0, 1.0)) - 1.0));
        return TimeSpan.FromTicks((long)Math.Clamp(baseTicks * factor, 0, Maximum.Ticks));
    }
}
