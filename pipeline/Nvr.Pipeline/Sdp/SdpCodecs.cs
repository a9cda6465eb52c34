using System.Globalization;
using Nvr.Codecs.H264;
using Nvr.Codecs.Fmp4;
using Nvr.Codecs.OnvifMetadata;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Sdp;

/// <summary>Maps SDP encoding names / static payload types to codecs and decodes codec fmtp parameters.</summary>
internal static class SdpCodecs
{
    public static MediaCodec Identify(string media, string encodingName, int payloadType, Dictionary<string, string> fmtp)
    {
        if (encodingName.Length == 0)
        {
            return payloadType switch { 0 => MediaCodec.Pcmu, 8 => MediaCodec.Pcma, _ => MediaCodec.Unknown };
        }

        if (encodingName.Equals("H264", StringComparison.OrdinalIgnoreCase))
        {
            return MediaCodec.H264;
        }

        if (encodingName.Equals("H265", StringComparison.OrdinalIgnoreCase))
        {
            return MediaCodec.H265;
        }

        if (encodingName.Equals("PCMU", StringComparison.OrdinalIgnoreCase))
        {
            return MediaCodec.Pcmu;
        }

        if (encodingName.Equals("PCMA", StringComparison.OrdinalIgnoreCase))
        {
            return MediaCodec.Pcma;
        }

        if (encodingName.Equals("mpeg4-generic", StringComparison.OrdinalIgnoreCase))
        {
            var mode = fmtp.GetValueOrDefault("mode", string.Empty);
            return mode.Equals("AAC-hbr", StringComparison.OrdinalIgnoreCase) || mode.Equals("AAC-lbr", StringComparison.OrdinalIgnoreCase)
                ? MediaCodec.Aac
                : MediaCodec.Unknown;
        }

        if (encodingName.Equals(OnvifMetadataFormat.EncodingName, StringComparison.OrdinalIgnoreCase) ||
            (media.Equals("application", StringComparison.OrdinalIgnoreCase) && encodingName.Contains("onvif", StringComparison.OrdinalIgnoreCase)))
        {
            return MediaCodec.OnvifMetadata;
        }

        return MediaCodec.Unknown;
    }

    public static MediaKind KindOf(string media, MediaCodec codec) => codec.Kind() switch
    {
        TrackKind.Video => MediaKind.Video,
        TrackKind.Audio => MediaKind.Audio,
        TrackKind.Metadata => MediaKind.Metadata,
        _ => media.Equals("video", StringComparison.OrdinalIgnoreCase) ? MediaKind.Video
            : media.Equals("audio", StringComparison.OrdinalIgnoreCase) ? MediaKind.Audio : MediaKind.Metadata,
    };

    public static int StaticClockRate(int payloadType) => payloadType is 0 or 8 ? 8000 : 0;

    public static string StaticEncodingName(int payloadType) => payloadType switch { 0 => "PCMU", 8 => "PCMA", _ => string.Empty };

    public static byte[] HexConfig(Dictionary<string, string> fmtp)
    {
        var hex = fmtp.GetValueOrDefault("config", string.Empty);
        if (hex.Length == 0)
        {
            return [];
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"SDP fmtp config is not hexadecimal: '{SdpParser.Shorten(hex)}'");
        }
    }

    public static ParameterSets ParameterSetsFrom(MediaCodec codec, Dictionary<string, string> fmtp)
    {
        byte[]? vps = null, sps = null, pps = null;
        if (codec == MediaCodec.H264 && fmtp.TryGetValue("sprop-parameter-sets", out var sets))
        {
            foreach (var item in sets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var nal = FromBase64(item);
                if (nal.Length == 0)
                {
                    continue;
                }

                var type = H264Nal.Type(nal[0]);
                if (type == H264Nal.Sps)
                {
                    sps ??= nal;
                }
                else if (type == H264Nal.Pps)
                {
                    pps ??= nal;
                }
            }
        }
        else if (codec == MediaCodec.H265)
        {
            vps = FirstOf(fmtp, "sprop-vps");
            sps = FirstOf(fmtp, "sprop-sps");
            pps = FirstOf(fmtp, "sprop-pps");
        }

        return new ParameterSets(vps, sps, pps);
    }

    public static int IntParameter(IReadOnlyDictionary<string, string> fmtp, string name, int fallback) =>
        fmtp.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static byte[]? FirstOf(Dictionary<string, string> fmtp, string name)
    {
        if (!fmtp.TryGetValue(name, out var value))
        {
            return null;
        }

        var first = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return first is null ? null : FromBase64(first);
    }

    private static byte[] FromBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException($"SDP parameter set is not base64: '{SdpParser.Shorten(text)}'");
        }
    }
}
