using System.Globalization;

namespace Nvr.Storage.Keys;

/// <summary>
/// Parses Annex B object keys (ABNF of B.4/B.5). Accepts 0 to 6 fractional second digits, seconds up
/// to 60 (leap second) and the extensions mp4, m4v, m4a, m4m with or without <c>_end</c>.
/// </summary>
/// <remarks>
/// The lead is split on '/'; the first element that has the <c>YYYY-MM-DD</c> shape is the date, the
/// elements before it form the prefix and those after it the postfix (a prefix that itself contains a
/// date-shaped element is therefore ambiguous and read this way).
/// </remarks>
public static class ObjectKeyParser
{
    /// <summary>Parses <paramref name="key"/> or throws <see cref="FormatException"/> naming the rule that failed.</summary>
    public static ObjectKey Parse(string key)
        => TryParse(key, out var parsed, out var error) ? parsed : throw new FormatException($"not an Annex B object key ({error}): '{key}'");

    /// <summary>Tries to parse <paramref name="key"/>.</summary>
    public static bool TryParse(string key, out ObjectKey parsed) => TryParse(key, out parsed, out _);

    private static bool TryParse(string key, out ObjectKey parsed, out string error)
    {
        parsed = null!;
        ArgumentNullException.ThrowIfNull(key);
        int lastSlash = key.LastIndexOf('/');
        if (lastSlash <= 0)
        {
            error = "missing lead";
            return false;
        }

        // time "." counter "." extension  with time = hour "/" minute "-" second [secfrac] "Z"
        var tail = key.AsSpan(lastSlash + 1);
        int hourSlash = key.LastIndexOf('/', lastSlash - 1);
        var hourText = key.AsSpan(hourSlash + 1, lastSlash - hourSlash - 1);
        if (hourSlash <= 0 || !TwoDigits(hourText, 0, 23, out int hour))
        {
            error = "hour";
            return false;
        }

        if (tail.Length < 5 || !TwoDigits(tail[..2], 0, 59, out int minute) || tail[2] != '-' || !TwoDigits(tail.Slice(3, 2), 0, 60, out int second))
        {
            error = "minute-second";
            return false;
        }

        int pos = 5;
        long micros = 0;
        int fractionDigits = 0;
        if (pos < tail.Length && tail[pos] == '.')
        {
            pos++;
            while (pos < tail.Length && char.IsAsciiDigit(tail[pos]))
            {
                micros = (micros * 10) + (tail[pos] - '0');
                fractionDigits++;
                pos++;
            }

            if (fractionDigits is < 1 or > 6)
            {
                error = "secfrac must have 1 to 6 digits";
                return false;
            }

            for (int i = fractionDigits; i < 6; i++)
            {
                micros *= 10;
            }
        }

        if (pos + 1 >= tail.Length || tail[pos] != 'Z' || tail[pos + 1] != '.')
        {
            error = "'Z.' after the time";
            return false;
        }

        var rest = tail[(pos + 2)..];
        int dot = rest.IndexOf('.');
        if (dot < 1 || !AllDigits(rest[..dot]) || !long.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out long counter))
        {
            error = "counter";
            return false;
        }

        var extension = rest[(dot + 1)..];
        bool isEnd = extension.EndsWith("_end", StringComparison.Ordinal);
        if (isEnd)
        {
            extension = extension[..^4];
        }

        if (!SpanKindExtensions.TryParseExtension(extension, out var kind))
        {
            error = "extension";
            return false;
        }

        if (!TryParseLead(key.AsSpan(0, hourSlash), out var prefix, out var postfix, out var date))
        {
            error = "lead (date YYYY-MM-DD)";
            return false;
        }

        var minuteStart = new DateTimeOffset(date.Year, date.Month, date.Day, hour, minute, 0, TimeSpan.Zero);
        if (second == 60 && minuteStart > DateTimeOffset.MaxValue.AddSeconds(-60))
        {
            // a leap second at the very end of 9999 would be the first instant of year 10000 (found by fuzzing)
            error = "second (a leap second past the last representable minute)";
            return false;
        }

        var time = minuteStart.AddSeconds(second).AddTicks(micros * 10);
        parsed = new ObjectKey(key, prefix, postfix, time, fractionDigits, counter, kind, isEnd);
        error = string.Empty;
        return true;
    }

    private static bool TryParseLead(ReadOnlySpan<char> lead, out string? prefix, out string? postfix, out DateOnly date)
    {
        prefix = null;
        postfix = null;
        date = default;
        int start = 0;
        while (start <= lead.Length)
        {
            int end = lead[start..].IndexOf('/');
            end = end < 0 ? lead.Length : start + end;
            if (TryParseDate(lead[start..end], out date))
            {
                if (start > 0)
                {
                    prefix = lead[..(start - 1)].ToString();
                }

                if (end < lead.Length)
                {
                    postfix = lead[(end + 1)..].ToString();
                }

                return (prefix is null || prefix.Length > 0) && (postfix is null || postfix.Length > 0);
            }

            start = end + 1;
        }

        return false;
    }

    private static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-' || !AllDigits(text[..4])
            || !TwoDigits(text.Slice(5, 2), 1, 12, out int month) || !TwoDigits(text.Slice(8, 2), 1, 31, out int day))
        {
            return false;
        }

        int year = int.Parse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture);
        if (year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TwoDigits(ReadOnlySpan<char> text, int min, int max, out int value)
    {
        value = 0;
        if (text.Length != 2 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[1]))
        {
            return false;
        }

        value = ((text[0] - '0') * 10) + (text[1] - '0');
        return value >= min && value <= max;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
