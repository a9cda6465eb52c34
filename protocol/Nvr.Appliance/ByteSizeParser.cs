using System.Globalization;

namespace Nvr.Appliance;

/// <summary>
/// Reads sizes such as <c>2GiB</c>, <c>500MB</c>, <c>1.5 GiB</c> or <c>1073741824</c> (bytes): binary suffixes KiB, MiB, GiB,
/// TiB (powers of 1024), decimal suffixes KB, MB, GB, TB (powers of 1000), B or none for bytes; case-insensitive.
/// </summary>
public static class ByteSizeParser
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000L), ("MB", 1_000_000L), ("GB", 1_000_000_000L), ("TB", 1_000_000_000_000L),
        ("B", 1L),
    ];

    public static long Parse(string text, string option)
    {
        var value = text.Trim();
        var factor = 1L;
        foreach (var (suffix, unitFactor) in Units)
        {
            if (value.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[..^suffix.Length].TrimEnd();
                factor = unitFactor;
                break;
            }
        }

        if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            throw new ArgumentException($"{option} takes a size such as 2GiB, 500MB or a number of bytes, got '{text}'");
        }

        var bytes = number * factor;
        if (bytes > long.MaxValue)
        {
            throw new ArgumentException($"{option}: '{text}' is too large");
        }

        return (long)bytes;
    }
}
