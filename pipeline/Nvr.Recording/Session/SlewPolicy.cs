namespace Nvr.Recording.Session;

/// <summary>What the span timeline does about the distance between itself and the observed source clock.</summary>
/// <param name="Step">The distance is larger than the step bound: the span must be closed and a new one anchored.</param>
/// <param name="DeltaTicks">Otherwise the correction applied now (100 ns ticks), within the slew bound.</param>
internal readonly record struct ClockCorrection(bool Step, long DeltaTicks);

/// <summary>
/// The bounded slew of the span timeline. A segment cut may move the timeline by at most
/// <see cref="MaxPpm"/> millionths of the media time since the previous cut towards the observed clock, so the UTC
/// of a span is its anchor plus media time times a factor within 1 ± MaxPpm·10⁻⁶; a distance above
/// <see cref="MaxStep"/> is a clock step (a camera clock reset or a late first sender report far off), never slewed.
/// </summary>
internal sealed class SlewPolicy(int maxPpm, TimeSpan maxStep)
{
    public int MaxPpm { get; } = Math.Max(0, maxPpm);

    public TimeSpan MaxStep { get; } = maxStep;

    /// <summary>True when <paramref name="errorTicks"/> (observed minus span timeline) is a step.</summary>
    public bool IsStep(long errorTicks) => Math.Abs(errorTicks) > MaxStep.Ticks;

    /// <summary>The correction for an error of <paramref name="errorTicks"/> after <paramref name="elapsedTicks"/> of media time.</summary>
    public ClockCorrection Decide(long errorTicks, long elapsedTicks)
    {
        if (IsStep(errorTicks))
        {
            return new ClockCorrection(true, 0);
        }

        long allowed = elapsedTicks <= 0 ? 0 : (long)((Int128)elapsedTicks * MaxPpm / 1_000_000);
        return new ClockCorrection(false, Math.Clamp(errorTicks, -allowed, allowed));
    }
}
