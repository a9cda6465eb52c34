using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.Tests.Support;

/// <summary>One access unit (picture) of an Annex B stream, as an RTP depacketizer would hand it over.</summary>
public sealed record AccessUnit(List<ReadOnlyMemory<byte>> Nals, bool IsKey);

/// <summary>Groups the NAL units of an Annex B elementary stream into access units (ITU-T H.264 7.4.1.2.3 / H.265 7.4.2.4.4).</summary>
public static class AccessUnits
{
    /// <summary>Splits; parameter sets and AUDs are returned separately (out of band, like SDP sprop-parameter-sets).</summary>
    public static (List<AccessUnit> Units, Dictionary<int, ReadOnlyMemory<byte>> ParameterSets) Split(byte[] stream, bool hevc)
    {
        var units = new List<AccessUnit>();
        var ps = new Dictionary<int, ReadOnlyMemory<byte>>();
        List<ReadOnlyMemory<byte>>? current = null;
        bool key = false, seenVcl = false;
        foreach (ReadOnlyMemory<byte> nal in NalUnitReader.SplitAnnexB(stream))
        {
            ReadOnlySpan<byte> s = nal.Span;
            int type = hevc ? H265Nal.Type(s[0]) : H264Nal.Type(s[0]);
            bool vcl = hevc ? type < 32 : type is >= 1 and <= 5;
            bool firstInPicture = vcl && (hevc ? (s[2] & 0x80) != 0 : (s[1] & 0x80) != 0);
            bool startsAu = hevc ? type is 32 or 33 or 34 or 35 or 39 : type is 6 or 7 or 8 or 9;
            if (seenVcl && (startsAu || firstInPicture))
            {
                units.Add(new AccessUnit(current!, key));
                current = null;
                key = false;
                seenVcl = false;
            }
            bool parameterSet = hevc ? type is 32 or 33 or 34 : type is 7 or 8;
            if (parameterSet)
            {
                ps.TryAdd(type, nal);
                continue;
            }
            if (hevc ? type == 35 : type == 9) continue; // access unit delimiter
            current ??= new List<ReadOnlyMemory<byte>>();
            current.Add(nal);
            if (vcl)
            {
                seenVcl = true;
                key |= hevc ? type is >= 16 and <= 23 : type == 5;
            }
        }
        if (current is not null && seenVcl) units.Add(new AccessUnit(current, key));
        return (units, ps);
    }
}
