using System.Globalization;

namespace Nvr.Pipeline.RtspServer;

/// <summary>Which frames a replay sends (Streaming spec "Frames header field").</summary>
public enum FramesMode
{
    All,
    Predicted,
    Intra,
}

/// <summary>
/// The playback headers of a PLAY request (Streaming spec §"Initiating Playback"): Range (clock= absolute UTC, or
/// npt=), Rate-Control, Scale, Frames and Immediate.
/// </summary>
public sealed record PlayRequest(DateTime? Start, DateTime? End, bool RateControl, double Scale, FramesMode Frames, TimeSpan IntraInterval, bool Immediate, bool HasRange)
{
    /// <summary>Parses the headers; null with an RTSP status (457 Invalid Range, 400) when they are malformed.</summary>
    public static (PlayRequest? Request, int Status) Parse(RtspRequest request)
    {
        DateTime? start = null, end = null;
        var range = request.Header("Range");
        var hasRange = false;
        if (range is not null)
        {
            var spec = range.Split(';')[0].Trim();
            if (spec.StartsWith("clock=", StringComparison.OrdinalIgnoreCase))
            {
                var value = spec[6..];
                var dash = value.IndexOf('-', StringComparison.Ordinal);
                if (dash < 0)
                {
                    return (null, 457);
                }

                if (dash > 0)
                {
                    if (!TryParseClock(value[..dash], out var s)) return (null, 457);
                    start = s;
                }

                if (dash + 1 < value.Length)
                {
                    if (!TryParseClock(value[(dash + 1)..], out var e)) return (null, 457);
                    end = e;
                }

                if (start is null && end is not null)
                {
                    // "-END": the first point of the range is the start of replay (forward from the beginning).
                    start = null;
                }

                hasRange = true;
            }
            else if (!spec.StartsWith("npt=", StringComparison.OrdinalIgnoreCase))
            {
                return (null, 457);
            }
        }

        var rateControl = !string.Equals(request.Header("Rate-Control")?.Trim(), "no", StringComparison.OrdinalIgnoreCase);
        var scale = 1.0;
        var scaleText = request.Header("Scale");
        if (scaleText is not null && (!double.TryParse(scaleText.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || scale == 0 || double.IsNaN(scale) || double.IsInfinity(scale)))
        {
            return (null, 400);
        }

        var frames = FramesMode.All;
        var interval = TimeSpan.Zero;
        var framesText = request.Header("Frames")?.Trim();
        if (framesText is not null)
        {
            if (framesText.StartsWith("intra", StringComparison.OrdinalIgnoreCase))
            {
                frames = FramesMode.Intra;
                if (framesText.Length > 5)
                {
                    if (framesText[5] != '/' || !int.TryParse(framesText.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                    {
                        return (null, 400);
                    }

                    interval = TimeSpan.FromMilliseconds(ms);
                }
            }
            else if (framesText.Equals("predicted", StringComparison.OrdinalIgnoreCase))
            {
                frames = FramesMode.Predicted;
            }
            else if (!framesText.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                return (null, 400);
            }
        }

        var immediate = string.Equals(request.Header("Immediate")?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);
        return (new PlayRequest(start, end, rateControl, scale, frames, interval, immediate, hasRange), 200);
    }

    /// <summary>RFC 2326 utc-time: YYYYMMDDThhmmss[.fraction]Z.</summary>
    public static bool TryParseClock(string text, out DateTime utc)
    {
        text = text.Trim();
        utc = default;
        if (text.Length < 16 || text[8] != 'T' || !text.EndsWith('Z'))
        {
            return false;
        }

        var core = text[..15];
        if (!DateTime.TryParseExact(core, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc))
        {
            return false;
        }

        var fraction = text[15..^1];
        if (fraction.Length > 0)
        {
            if (fraction[0] != '.' || fraction.Length < 2 || fraction.Length > 10 || !fraction.AsSpan(1).ToString().All(char.IsAsciiDigit))
            {
                return false;
            }

            var digits = fraction[1..].PadRight(7, '0')[..7];
            utc = utc.AddTicks(long.Parse(digits, CultureInfo.InvariantCulture));
        }

        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return true;
    }

    /// <summary>Formats a UTC time as an RFC 2326 utc-time with milliseconds.</summary>
    public static string FormatClock(DateTime utc) => utc.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'.'fff'Z'", CultureInfo.InvariantCulture);
}
