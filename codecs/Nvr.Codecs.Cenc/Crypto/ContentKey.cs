namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// An AES-128 content key and its key identifier. The key bytes never appear in <see cref="ToString"/>
/// (the ONVIF <c>Key</c> is write-only).
/// </summary>
public sealed class ContentKey : IEquatable<ContentKey>
{
    /// <summary>AES-128 key length in bytes.</summary>
    public const int KeySize = 16;

    private readonly byte[] _key;

    /// <summary>Creates a content key.</summary>
    /// <exception cref="InvalidEncryptionConfigurationException">The key is not 16 bytes.</exception>
    public ContentKey(KeyId keyId, ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new InvalidEncryptionConfigurationException(
                $"An encryption Key is {KeySize} bytes (AES-128); got {key.Length}.", "Key");
        }

        KeyId = keyId;
        _key = key.ToArray();
    }

    /// <summary>The key identifier written into <c>tenc</c> and <c>pssh</c>.</summary>
    public KeyId KeyId { get; }

    /// <summary>The AES key bytes.</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>Parses a KID and a key, both given as 32 hexadecimal digits.</summary>
    /// <exception cref="InvalidEncryptionConfigurationException">Either has the wrong length or is not hexadecimal.</exception>
    public static ContentKey Parse(string kidHex, string keyHex)
    {
        KeyId kid = KeyId.Parse(kidHex);
        Span<byte> key = stackalloc byte[KeySize];
        HexBytes.Parse(keyHex, key, "Key");
        return new ContentKey(kid, key);
    }

    /// <summary>Creates a key from a KID in hex and raw key bytes (e.g. an xs:hexBinary/base64 value already decoded).</summary>
    public static ContentKey Create(string kidHex, ReadOnlySpan<byte> key) => new(KeyId.Parse(kidHex), key);

    /// <inheritdoc />
    public bool Equals(ContentKey? other) =>
        other is not null && other.KeyId == KeyId && other._key.AsSpan().SequenceEqual(_key);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ContentKey);

    /// <inheritdoc />
    public override int GetHashCode() => KeyId.GetHashCode();

    /// <summary>Shows the KID only.</summary>
    public override string ToString() => $"KID {KeyId}";
}
