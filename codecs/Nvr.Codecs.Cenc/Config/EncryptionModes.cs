using Nvr.Codecs.Cenc.Crypto;

namespace Nvr.Codecs.Cenc.Config;

/// <summary>The ONVIF <c>tt:EncryptionMode</c> names and their schemes.</summary>
public static class EncryptionModes
{
    /// <summary>ONVIF name of AES-CTR full-sample and video NAL subsample encryption.</summary>
    public const string Cenc = "CENC";

    /// <summary>ONVIF name of AES-CBC partial video NAL pattern encryption.</summary>
    public const string Cbcs = "CBCS";

    /// <summary>The modes this device supports (capability <c>SupportedEncryptionModes</c>).</summary>
    public static IReadOnlyList<string> Supported { get; } = [Cenc, Cbcs];

    /// <summary>Maps an ONVIF mode name (case-insensitive) to its scheme.</summary>
    /// <exception cref="InvalidEncryptionConfigurationException">Unknown mode.</exception>
    public static EncryptionScheme Parse(string? mode) => mode?.Trim().ToUpperInvariant() switch
    {
        Cenc => EncryptionScheme.Cenc,
        Cbcs => EncryptionScheme.Cbcs,
        _ => throw new InvalidEncryptionConfigurationException($"Unsupported encryption Mode '{mode}'; supported: CENC, CBCS.", "Mode"),
    };

    /// <summary>The ONVIF name of <paramref name="scheme"/>.</summary>
    public static string ToName(EncryptionScheme scheme) => scheme == EncryptionScheme.Cenc ? Cenc : Cbcs;
}
