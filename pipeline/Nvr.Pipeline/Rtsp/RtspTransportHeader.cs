using System.Globalization;

namespace Nvr.Pipeline.Rtsp;

/// <summary>The parts of a SETUP response's Transport header we use (RFC 2326 §12.39).</summary>
public sealed record RtspTransportHeader(int RtpChannel, int RtcpChannel, int ServerRtpPort, int ServerRtcpPort, uint? Ssrc)
{
    public static RtspTransportHeader Parse(string? value)
    {
        int rtpChannel = -1, rtcpChannel = -1, serverRtp = 0, serverRtcp = 0;
        uint? ssrc = null;
        foreach (var part in (value ?? string.Empty).Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("interleaved=", StringComparison.OrdinalIgnoreCase))
            {
                (rtpChannel, rtcpChannel) = Pair(part[12..]);
            }
            else if (part.StartsWith("server_port=", StringComparison.OrdinalIgnoreCase))
            {
                (serverRtp, serverRtcp) = Pair(part[12..]);
            }
            else if (part.StartsWith("ssrc=", StringComparison.OrdinalIgnoreCase) &&
                     uint.TryParse(part.AsSpan(5), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var parsed))
            {
                ssrc = parsed;
            }
        }

        return new RtspTransportHeader(rtpChannel, rtcpChannel, serverRtp, serverRtcp, ssrc);
    }

    private static (int First, int Second) Pair(string text)
    {
        var dash = text.IndexOf('-');
        var firstText = dash < 0 ? text : text[..dash];
        if (!int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var first))
        {
            return (-1, -1);
        }

        var second = first + 1;
        if (dash >= 0 && int.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            second = parsed;
        }

        return (first, second);
    }
}
