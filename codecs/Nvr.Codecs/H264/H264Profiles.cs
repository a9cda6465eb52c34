namespace Nvr.Codecs.H264;

/// <summary>The H.264 <c>profile_idc</c> values whose syntax differs (ITU-T H.264 7.3.2.1.1, ISO/IEC 14496-15 5.3.3.1).</summary>
public static class H264Profiles
{
    /// <summary>Baseline.</summary>
    public const int Baseline = 66;

    /// <summary>Main.</summary>
    public const int Main = 77;

    /// <summary>High.</summary>
    public const int High = 100;

    /// <summary>
    /// True for the profiles (High and above, the scalable and multiview ones) whose SPS carries
    /// <c>chroma_format_idc</c>, bit depths and scaling matrices.
    /// </summary>
    public static bool HasChromaInfo(int profileIdc) =>
        profileIdc is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    /// <summary>True for the profiles whose <c>avcC</c> ends with chroma format and bit depths (14496-15 5.3.3.1.2).</summary>
    public static bool HasAvcCExtension(int profileIdc) => profileIdc is 100 or 110 or 122 or 144;

    /// <summary>True for the profiles CMAF's HD AVC media profile (<c>cfhd</c>) admits: Baseline, Main, High.</summary>
    public static bool IsCmafHdProfile(int profileIdc) => profileIdc is Baseline or Main or High;
}
