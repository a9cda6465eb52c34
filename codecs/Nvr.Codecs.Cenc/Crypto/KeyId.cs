using System.Buffers.Binary;

namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// A 16-byte key identifier (KID, ISO/IEC 23001-7). ONVIF Annex B.8 gives it as 32 hexadecimal digits; hyphens of a
/// UUID-style spelling are accepted too. Stored as two big-endian halves so the value type stays 16 bytes and
/// allocation-free.
/// </summary>
public readonly record struct KeyId(ulong High, ulong Low)
{
    /// <summary>Length of a key identifier in bytes.</summary>
    public const int Size = 16;

    /// <summary>Reads a KID from exactly 16 bytes.</summary>
    /// <exception cref="InvalidEncryptionConfigurationException">Not 16 bytes.</exception>
    public static KeyId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new InvalidEncryptionConfigurationException(
                $"A KID is {Size} bytes; got {bytes.Length}.", "KID");
        }

        return new KeyId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    /// <summary>Parses 32 hexadecimal digits (optionally with UUID hyphens).</summary>
    /// <exception cref="InvalidEncryptionConfigurationException">Not 16 bytes of hexadecimal.</exception>
    public static KeyId Parse(string hex)
    {
        Span<byte> bytes = stackalloc byte[Size];
        HexBytes.Parse(hex, bytes, "KID");
        return FromBytes(bytes);
    }

    /// <summary>Writes the 16 bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    /// <summary>32 lowercase hexadecimal digits.</summary>
    public override string ToString() => $"{High:x16}{Low:x16}";
}
