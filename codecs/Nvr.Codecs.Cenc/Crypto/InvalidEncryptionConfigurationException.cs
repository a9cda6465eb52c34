namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// An encryption key, key identifier or encryption entry is unusable (wrong length, not hexadecimal, tracks covered
/// twice, unknown mode). The control layer maps it to the ONVIF fault <c>ter:BadConfiguration</c>.
/// </summary>
public sealed class InvalidEncryptionConfigurationException : ArgumentException
{
    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public InvalidEncryptionConfigurationException(string message, string? paramName = null)
        : base(message, paramName)
    {
    }
}
