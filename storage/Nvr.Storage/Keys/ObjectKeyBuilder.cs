using System.Globalization;

namespace Nvr.Storage.Keys;

/// <summary>
/// Builds Annex B object keys (B.4 segment objects, B.5 span end objects):
/// <c>[prefix/]YYYY-MM-DD[/postfix]/HH/MM-SS.fffZ.counter.ext</c>.
/// </summary>
/// <remarks>
/// Fractional seconds are always written as exactly three digits (milliseconds, truncated, never
/// rounded up), as in the B.10 examples: keys then sort lexically in time order inside one
/// prefix/date/postfix, and the key time is never later than the sample it names.
/// </remarks>
public static class ObjectKeyBuilder
{
    /// <summary>The number of fractional second digits written into keys.</summary>
    public const int FractionDigits = 3;

    /// <summary>Key of a segment object whose first sample starts at <paramref name="firstSampleUtc"/>.</summary>
    /// <param name="prefix">Configured Prefix, or null/empty for none.</param>
    /// <param name="postfix">Configured Postfix, or null/empty for none.</param>
    /// <param name="firstSampleUtc">Time of the first sample of the segment (converted to UTC).</param>
    /// <param name="counter">Span counter: 0 for the first segment of a span, +1 per closed segment.</param>
    /// <param name="kind">Span kind giving the extension.</param>
    public static string Segment(string? prefix, string? postfix, DateTimeOffset firstSampleUtc, long counter, SpanKind kind)
        => Build(prefix, postfix, firstSampleUtc, counter, kind.Extension());

    /// <summary>
    /// Key of the (empty) span end object: the UTC time is the END of the last sample of the span and the
    /// counter is the counter of the last segment plus one.
    /// </summary>
    public static string SpanEnd(string? prefix, string? postfix, DateTimeOffset lastSampleEndUtc, long lastSegmentCounter, SpanKind kind)
        => Build(prefix, postfix, lastSampleEndUtc, checked(lastSegmentCounter + 1), kind.SpanEndExtension());

    private static string Build(string? prefix, string? postfix, DateTimeOffset time, long counter, string extension)
    {
        ValidatePathPart(prefix, nameof(prefix));
        ValidatePathPart(postfix, nameof(postfix));
        if (counter < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(counter), counter, "the span counter cannot be negative");
        }

        var utc = time.UtcDateTime;
        int millis = (int)(utc.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMillisecond);
        var inv = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder(96);
        if (!string.IsNullOrEmpty(prefix))
        {
            text.Append(prefix).Append('/');
        }

        text.Append(inv, $"{utc.Year:D4}-{utc.Month:D2}-{utc.Day:D2}");
        if (!string.IsNullOrEmpty(postfix))
        {
            text.Append('/').Append(postfix);
        }

        text.Append(inv, $"/{utc.Hour:D2}/{utc.Minute:D2}-{utc.Second:D2}.{millis:D3}Z.{counter}.");
        text.Append(extension);
        return text.ToString();
    }

    private static void ValidatePathPart(string? part, string name)
    {
        if (string.IsNullOrEmpty(part))
        {
            return;
        }

        if (part[0] == '/' || part[^1] == '/' || part.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} '{part}' must not start or end with '/' nor contain an empty path element", name);
        }

        foreach (var c in part)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"{name} must not contain control characters", name);
            }
        }
    }
}
