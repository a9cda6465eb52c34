namespace Nvr.Codecs.H265;

/// <summary>The H.265 <c>general_profile_idc</c> values the recorder tells apart (ITU-T H.265 Annex A).</summary>
public static class H265Profiles
{
    /// <summary>Main.</summary>
    public const int Main = 1;

    /// <summary>Main 10.</summary>
    public const int Main10 = 2;

    /// <summary>True for the screen content coding profiles (9, 11), whose slice headers carry syntax not handled by CENC.</summary>
    public static bool IsScreenContent(int profileIdc) => profileIdc is 9 or 11;

    /// <summary>True for the profiles CMAF's HD HEVC media profile (<c>chhd</c>) admits: Main, Main 10.</summary>
    public static bool IsCmafHdProfile(int profileIdc) => profileIdc is Main or Main10;
}
