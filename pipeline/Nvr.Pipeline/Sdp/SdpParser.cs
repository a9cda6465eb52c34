using System.Globalization;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Sdp;

/// <summary>
/// Parses the SDP (RFC 4566) returned by RTSP DESCRIBE into stream descriptions. Only what recording needs:
/// <c>m=</c>, <c>a=rtpmap</c>, <c>a=fmtp</c>, <c>a=control</c>, <c>s=</c>. Malformed input raises
/// <see cref="FormatException"/> with the offending line; unknown attributes are ignored.
/// </summary>
public static class SdpParser
{
    /// <summary>Largest SDP accepted (cameras send a few KB).</summary>
    public const int MaxLength = 64 * 1024;

    public static SessionDescription Parse(string sdp, Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(sdp);
        ArgumentNullException.ThrowIfNull(baseUri);
        if (sdp.Length > MaxLength)
        {
            throw new FormatException($"SDP is {sdp.Length} characters, more than the {MaxLength} accepted");
        }

        string? sessionName = null;
        var sessionControl = "*";
        var media = new List<MediaBlock>();
        MediaBlock? current = null;
        foreach (var rawLine in sdp.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=')
            {
                throw new FormatException($"SDP line is not 'x=value': '{Shorten(line)}'");
            }

            var value = line[2..];
            switch (line[0])
            {
                case 's':
                    sessionName = value;
                    break;
                case 'm':
                    current = ParseMediaLine(value);
                    media.Add(current);
                    break;
                case 'a' when current is null:
                    if (value.StartsWith("control:", StringComparison.OrdinalIgnoreCase))
                    {
                        sessionControl = value[8..].Trim();
                    }

                    break;
                case 'a':
                    ParseMediaAttribute(current, value);
                    break;
            }
        }

        var aggregate = Resolve(baseUri, sessionControl);
        var streams = new List<StreamDescription>(media.Count);
        for (var i = 0; i < media.Count; i++)
        {
            streams.Add(media[i].Build(i, aggregate));
        }

        return new SessionDescription(streams, aggregate, sessionName);
    }

    internal static Uri Resolve(Uri baseUri, string control)
    {
        if (control.Length == 0 || control == "*")
        {
            return baseUri;
        }

        if (Uri.TryCreate(control, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("rtsp", StringComparison.OrdinalIgnoreCase))
        {
            return absolute;
        }

        // RTSP controls are relative to the base as a directory (RFC 2326 C.1.1): ensure a trailing slash.
        var text = baseUri.GetLeftPart(UriPartial.Path);
        if (!text.EndsWith('/'))
        {
            text += "/";
        }

        var query = baseUri.Query;
        if (Uri.TryCreate(text + control + (control.Contains('?') ? string.Empty : query), UriKind.Absolute, out var resolved))
        {
            return resolved;
        }

        throw new FormatException($"SDP control '{Shorten(control)}' cannot be resolved against {baseUri}");
    }

    private static MediaBlock ParseMediaLine(string value)
    {
        // m=<media> <port> <proto> <fmt> ...
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            throw new FormatException($"SDP media line has fewer than 4 fields: 'm={Shorten(value)}'");
        }

        if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType) || payloadType > 127)
        {
            throw new FormatException($"SDP media line has no valid payload type: 'm={Shorten(value)}'");
        }

        return new MediaBlock(parts[0], payloadType);
    }

    private static void ParseMediaAttribute(MediaBlock block, string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 0)
        {
            return;
        }

        var name = value[..colon];
        var rest = value[(colon + 1)..].Trim();
        if (name.Equals("control", StringComparison.OrdinalIgnoreCase))
        {
            block.Control = rest;
        }
        else if (name.Equals("rtpmap", StringComparison.OrdinalIgnoreCase))
        {
            ParseRtpMap(block, rest);
        }
        else if (name.Equals("fmtp", StringComparison.OrdinalIgnoreCase))
        {
            ParseFmtp(block, rest);
        }
    }

    private static void ParseRtpMap(MediaBlock block, string rest)
    {
        // <payload type> <encoding name>/<clock rate>[/<encoding parameters>]
        var space = rest.IndexOf(' ');
        if (space < 0 || !int.TryParse(rest.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt))
        {
            throw new FormatException($"SDP rtpmap is malformed: '{Shorten(rest)}'");
        }

        if (pt != block.PayloadType)
        {
            return;
        }

        var fields = rest[(space + 1)..].Trim().Split('/');
        block.EncodingName = fields[0];
        if (fields.Length > 1)
        {
            if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
            {
                throw new FormatException($"SDP rtpmap clock rate is invalid: '{Shorten(rest)}'");
            }

            block.ClockRate = rate;
        }

        if (fields.Length > 2 && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var channels) && channels is > 0 and < 256)
        {
            block.Channels = channels;
        }
    }

    private static void ParseFmtp(MediaBlock block, string rest)
    {
        var space = rest.IndexOf(' ');
        if (space < 0 || !int.TryParse(rest.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt != block.PayloadType)
        {
            return;
        }

        foreach (var pair in rest[(space + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq > 0)
            {
                block.Fmtp[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
        }
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private sealed class MediaBlock(string media, int payloadType)
    {
        public int PayloadType { get; } = payloadType;

        public string Control { get; set; } = "*";

        public string EncodingName { get; set; } = string.Empty;

        public int ClockRate { get; set; }

        public int Channels { get; set; } = 1;

        public Dictionary<string, string> Fmtp { get; } = new(StringComparer.OrdinalIgnoreCase);

        public StreamDescription Build(int index, Uri aggregate)
        {
            var codec = SdpCodecs.Identify(media, EncodingName, PayloadType, Fmtp);
            var clockRate = ClockRate > 0 ? ClockRate : SdpCodecs.StaticClockRate(PayloadType);
            if (clockRate <= 0)
            {
                throw new FormatException($"SDP stream {index} ({media}, payload type {PayloadType}) has no clock rate");
            }

            var description = new StreamDescription
            {
                Index = index,
                Kind = SdpCodecs.KindOf(media, codec),
                Codec = codec,
                EncodingName = EncodingName.Length > 0 ? EncodingName : SdpCodecs.StaticEncodingName(PayloadType),
                PayloadType = PayloadType,
                ClockRate = clockRate,
                Channels = Channels,
                FormatParameters = Fmtp,
                Control = Control,
                ControlUri = Resolve(aggregate, Control),
                AacConfig = codec == MediaCodec.Aac ? SdpCodecs.HexConfig(Fmtp) : [],
            };
            description.UpdateParameterSets(SdpCodecs.ParameterSetsFrom(codec, Fmtp));
            return description;
        }
    }
}
