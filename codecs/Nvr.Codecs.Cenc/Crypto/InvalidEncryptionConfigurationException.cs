namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// An encryption key, key identifier or encryption entry is unusable (wrong length, not hexadecimal, tracks covered
/// twice, unknown mode). The layers above map it to a configuration fault of their own protocol.
/// </summary>
public sealed class InvalidEncryptionConfigurationException : ArgumentException
{
    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public InvalidEncryptionConfigurationException(string message, string? paramName = null)
        : base(message, paramName)
    {
    }
}
