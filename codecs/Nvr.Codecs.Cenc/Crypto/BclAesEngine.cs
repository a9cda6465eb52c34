using System.Security.Cryptography;

namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// The BCL AES fallback (no AES-NI) without per-call allocation: the one-shot <c>Aes.EncryptEcb</c>/<c>EncryptCbc</c>
/// APIs build a cipher context (64 B) per call, so this keeps one ECB and one CBC <see cref="ICryptoTransform"/> for the
/// key's lifetime and calls <see cref="ICryptoTransform.TransformBlock"/> in place on pooled arrays.
/// <para>
/// A reused CBC transform continues its chain from the last ciphertext block it produced. To start a chain from any IV,
/// the first plaintext block is XORed with (last ciphertext ⊕ IV) before the call: the transform then encrypts
/// P0 ⊕ last ⊕ last ⊕ IV = P0 ⊕ IV, which is exactly CBC from that IV. Not thread-safe.
/// </para>
/// </summary>
internal sealed class BclAesEngine : IDisposable
{
    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly ICryptoTransform _cbc;
    private readonly byte[] _chain = new byte[16];

    public BclAesEngine(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Padding = PaddingMode.None;
        _aes.Mode = CipherMode.ECB;
        _ecb = _aes.CreateEncryptor();
        _aes.Mode = CipherMode.CBC;
        _aes.IV = _chain; // all zeros: the chaining value before the first call
        _cbc = _aes.CreateEncryptor();
    }

    /// <summary>AES-ECB encrypts <paramref name="length"/> bytes (whole blocks) at the start of <paramref name="buffer"/>, in place.</summary>
    public void EncryptEcbInPlace(byte[] buffer, int length)
    {
        if (length > 0 && _ecb.TransformBlock(buffer, 0, length, buffer, 0) != length)
        {
            ThrowShortTransform();
        }
    }

    /// <summary>AES-CBC encrypts <paramref name="length"/> bytes (whole blocks) of <paramref name="buffer"/> at <paramref name="offset"/>, in place, as one chain from <paramref name="iv"/>.</summary>
    public void EncryptCbcInPlace(byte[] buffer, int offset, int length, ReadOnlySpan<byte> iv)
    {
        if (length == 0)
        {
            return;
        }

        Span<byte> first = buffer.AsSpan(offset, 16);
        ByteXor.XorInPlace(first, _chain);
        ByteXor.XorInPlace(first, iv);
        if (_cbc.TransformBlock(buffer, offset, length, buffer, offset) != length)
        {
            ThrowShortTransform();
        }

        buffer.AsSpan(offset + length - 16, 16).CopyTo(_chain);
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _cbc.Dispose();
        _aes.Dispose();
    }

    private static void ThrowShortTransform() =>
        throw new CryptographicException("The AES transform returned fewer bytes than whole blocks given.");
}
