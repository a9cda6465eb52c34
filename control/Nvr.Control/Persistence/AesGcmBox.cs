using System.Security.Cryptography;

namespace Nvr.Control.Persistence;

/// <summary>
/// AES-256-GCM with a fresh random 96-bit nonce, laid out as nonce | ciphertext | tag: the one sealing primitive
/// behind the journal's sealed events (<see cref="JournalSealing"/>) and the users' sealed passwords.
/// </summary>
public static class AesGcmBox
{
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    /// <summary>Bytes a box of <paramref name="plainLength"/> plain bytes takes.</summary>
    public static int SealedLength(int plainLength) => NonceBytes + plainLength + TagBytes;

    /// <summary>Seals <paramref name="plain"/> into <paramref name="destination"/> (<see cref="SealedLength"/> bytes).</summary>
    public static void Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plain, Span<byte> destination, ReadOnlySpan<byte> associatedData = default)
    {
        var nonce = destination[..NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, destination.Slice(NonceBytes, plain.Length), destination.Slice(NonceBytes + plain.Length, TagBytes), associatedData);
    }

    /// <summary>The plain bytes of <paramref name="box"/>, or null when it is too short or does not open with this key and data.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> box, ReadOnlySpan<byte> associatedData = default)
    {
        var length = box.Length - NonceBytes - TagBytes;
        if (length < 0)
        {
            return null;
        }

        var plain = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(box[..NonceBytes], box.Slice(NonceBytes, length), box[^TagBytes..], plain, associatedData);
            return plain;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
