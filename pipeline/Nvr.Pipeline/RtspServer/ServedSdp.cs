using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Nvr.Pipeline.RtspServer;

/// <summary>Writes the DESCRIBE body of a served source: one m= section per stream with its track reference (Streaming spec).</summary>
public static class ServedSdp
{
    /// <summary>The RTP payload type of stream <paramref name="index"/>: static for G.711, dynamic (96+) otherwise.</summary>
    public static int PayloadType(ServedStream stream, int index) => stream.Codec switch
    {
        MediaCodec.Pcmu => 0,
        MediaCodec.Pcma => 8,
        _ => 96 + index,
    };

    public static string Write(IRtspMediaSource source, string baseUri, string serverAddress, long sessionId)
    {
        var sdp = new StringBuilder();
        sdp.Append(CultureInfo.InvariantCulture, $"v=0\r\no=- {sessionId} 1 IN IP4 {serverAddress}\r\ns={(source.IsLive ? "ONVIF live" : "ONVIF replay")}\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\n");
        if (source.RecordedRange is { } range)
        {
            sdp.Append(CultureInfo.InvariantCulture, $"a=range:clock={PlayRequest.FormatClock(range.Start)}-{PlayRequest.FormatClock(range.End)}\r\n");
        }

        for (var i = 0; i < source.Streams.Count; i++)
        {
            var s = source.Streams[i];
            var pt = PayloadType(s, i);
            var media = s.Codec switch
            {
                MediaCodec.H264 or MediaCodec.H265 => "video",
                MediaCodec.Aac or MediaCodec.Pcmu or MediaCodec.Pcma => "audio",
                _ => "application",
            };
            sdp.Append(CultureInfo.InvariantCulture, $"m={media} 0 RTP/AVP {pt}\r\n");
            sdp.Append(CultureInfo.InvariantCulture, $"a=control:{baseUri.TrimEnd('/')}/track{i}\r\n");
            AppendCodec(sdp, s, pt);
            if (s.TrackReference is not null)
            {
                sdp.Append(CultureInfo.InvariantCulture, $"a=x-onvif-track:{s.TrackReference}\r\n");
            }
        }

        return sdp.ToString();
    }

    private static void AppendCodec(StringBuilder sdp, ServedStream s, int pt)
    {
        var config = s.CodecConfiguration.Span;
        switch (s.Codec)
        {
            case MediaCodec.H264:
            {
                sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} H264/90000\r\n");
                var sets = AvcParameterSets(config);
                var fmtp = "packetization-mode=1";
                if (config.Length >= 4)
                {
                    fmtp += string.Create(CultureInfo.InvariantCulture, $";profile-level-id={config[1]:X2}{config[2]:X2}{config[3]:X2}");
                }

                if (sets.Count > 0)
                {
                    fmtp += ";sprop-parameter-sets=" + string.Join(",", sets.Select(p => Convert.ToBase64String(p)));
                }

                sdp.Append(CultureInfo.InvariantCulture, $"a=fmtp:{pt} {fmtp}\r\n");
                break;
            }

            case MediaCodec.H265:
            {
                sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} H265/90000\r\n");
                var parts = new List<string>();
                foreach (var (type, name) in new[] { (32, "sprop-vps"), (33, "sprop-sps"), (34, "sprop-pps") })
                {
                    var units = HevcParameterSets(config).Where(u => ((u[0] >> 1) & 0x3F) == type).Select(u => Convert.ToBase64String(u)).ToList();
                    if (units.Count > 0)
                    {
                        parts.Add($"{name}={string.Join(",", units)}");
                    }
                }

                if (parts.Count > 0)
                {
                    sdp.Append(CultureInfo.InvariantCulture, $"a=fmtp:{pt} {string.Join(";", parts)}\r\n");
                }

                break;
            }

            case MediaCodec.Aac:
                sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} MPEG4-GENERIC/{s.ClockRate}/{Math.Max(1, s.Channels)}\r\n");
                sdp.Append(CultureInfo.InvariantCulture, $"a=fmtp:{pt} streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config={Convert.ToHexStringLower(config)}\r\n");
                break;
            case MediaCodec.Pcmu:
                sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} PCMU/{s.ClockRate}\r\n");
                break;
            case MediaCodec.Pcma:
                sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} PCMA/{s.ClockRate}\r\n");
                break;
            default:
                sdp.Append(CultureInfo.InvariantCulture, $"a=rtpmap:{pt} vnd.onvif.metadata/{s.ClockRate}\r\n");
                break;
        }
    }

    /// <summary>SPS and PPS NAL units of an avcC record body (ISO/IEC 14496-15 §5.3.3.1).</summary>
    public static List<byte[]> AvcParameterSets(ReadOnlySpan<byte> record)
    {
        var units = new List<byte[]>();
        if (record.Length < 6)
        {
            return units;
        }

        var p = 5;
        var spsCount = record[p++] & 0x1F;
        for (var i = 0; i < spsCount && !TakeUnit(record, ref p, units); i++)
        {
        }

        if (p < record.Length)
        {
            var ppsCount = record[p++];
            for (var i = 0; i < ppsCount && !TakeUnit(record, ref p, units); i++)
            {
            }
        }

        return units;
    }

    /// <summary>The parameter-set NAL units of an hvcC record body (ISO/IEC 14496-15 §8.3.3.1).</summary>
    public static List<byte[]> HevcParameterSets(ReadOnlySpan<byte> record)
    {
        var units = new List<byte[]>();
        if (record.Length < 23)
        {
            return units;
        }

        var p = 22;
        var arrays = record[p++];
        for (var a = 0; a < arrays && p + 3 <= record.Length; a++)
        {
            p++; // array_completeness, NAL_unit_type
            var count = BinaryPrimitives.ReadUInt16BigEndian(record[p..]);
            p += 2;
            for (var i = 0; i < count; i++)
            {
                if (TakeUnit(record, ref p, units))
                {
                    return units;
                }
            }
        }

        return units;
    }

    /// <summary>Reads one 16-bit-length-prefixed unit; true when the record is truncated.</summary>
    private static bool TakeUnit(ReadOnlySpan<byte> record, ref int p, List<byte[]> units)
    {
        if (p + 2 > record.Length)
        {
            return true;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(record[p..]);
        p += 2;
        if (length == 0 || p + length > record.Length)
        {
            return true;
        }

        units.Add(record.Slice(p, length).ToArray());
        p += length;
        return false;
    }
}
