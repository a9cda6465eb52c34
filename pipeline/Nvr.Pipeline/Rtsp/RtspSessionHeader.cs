using System.Globalization;

namespace Nvr.Pipeline.Rtsp;

/// <summary>The Session header of a SETUP response: identifier and timeout (RFC 2326 §12.37, default 60 s).</summary>
public sealed record RtspSessionHeader(string Id, TimeSpan Timeout)
{
    public static RtspSessionHeader? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        var timeout = TimeSpan.FromSeconds(60);
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("timeout=", StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(part.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                timeout = TimeSpan.FromSeconds(seconds);
            }
        }

        return parts[0].Length == 0 ? null : new RtspSessionHeader(parts[0], timeout);
    }
}
