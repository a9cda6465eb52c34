using System.Globalization;
using System.Text;
using Nvr.Codecs.H264;
using Nvr.Codecs.H265;

namespace Nvr.Codecs.Rfc6381;

/// <summary>RFC 6381 <c>codecs</c> parameter values and content types built from them.</summary>
public static class CodecString
{
    /// <summary>H.264: <c>avc1.PPCCLL</c> (profile, constraint flags, level in hex), e.g. <c>avc1.64001F</c>.</summary>
    public static string ForH264(H264SpsInfo sps) =>
        string.Create(CultureInfo.InvariantCulture, $"avc1.{sps.ProfileIdc:X2}{sps.ConstraintFlags:X2}{sps.LevelIdc:X2}");

    /// <summary>
    /// H.265 per ISO/IEC 14496-15 Annex E: <c>hvc1.[A-C]profile.compat.{L|H}level[.constraint bytes]</c>,
    /// e.g. <c>hvc1.1.6.L93.B0</c>. Compatibility flags are written bit-reversed in hex; trailing zero constraint
    /// bytes are left out.
    /// </summary>
    public static string ForH265(H265SpsInfo sps, string sampleEntry = "hvc1")
    {
        var b = new StringBuilder(sampleEntry).Append('.');
        if (sps.ProfileSpace > 0) b.Append((char)('A' + sps.ProfileSpace - 1));
        b.Append(sps.ProfileIdc.ToString(CultureInfo.InvariantCulture)).Append('.');
        uint reversed = 0;
        for (int i = 0; i < 32; i++) reversed |= ((sps.ProfileCompatibilityFlags >> i) & 1) << (31 - i);
        b.Append(reversed.ToString("X", CultureInfo.InvariantCulture)).Append('.');
        b.Append(sps.HighTier ? 'H' : 'L').Append(sps.LevelIdc.ToString(CultureInfo.InvariantCulture));
        int last = 5;
        while (last >= 0 && ((sps.ConstraintIndicatorFlags >> (8 * (5 - last))) & 0xFF) == 0) last--;
        for (int i = 0; i <= last; i++)
        {
            byte v = (byte)(sps.ConstraintIndicatorFlags >> (8 * (5 - i)));
            b.Append('.').Append(v.ToString("X", CultureInfo.InvariantCulture));
        }
        return b.ToString();
    }

    /// <summary>MPEG-4 audio: <c>mp4a.40.AOT</c>, e.g. <c>mp4a.40.2</c> for AAC-LC.</summary>
    public static string ForAac(int audioObjectType) =>
        string.Create(CultureInfo.InvariantCulture, $"mp4a.40.{audioObjectType}");

    /// <summary>
    /// Content type with a codecs parameter, e.g. <c>video/mp4; codecs="avc1.64001F,mp4a.40.2"</c>; without
    /// codecs when <paramref name="codecs"/> is empty.
    /// </summary>
    public static string ContentType(string mediaType, IReadOnlyList<string> codecs) =>
        codecs.Count == 0 ? mediaType : $"{mediaType}; codecs=\"{string.Join(',', codecs)}\"";
}
