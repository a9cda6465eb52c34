using System.Buffers;
using System.Security.Cryptography;
using Nvr.Codecs.Mp4.Reading;

namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// Decrypts samples of a protected track read by <see cref="Fmp4File"/> in place (ISO/IEC 23001-7): <c>cenc</c>
/// (AES-128-CTR, one keystream over the protected ranges of a sample, counter = IV then a block counter from 0) and
/// <c>cbcs</c> (AES-128-CBC with the constant or per-sample IV restarted for every protected range, the crypt:skip
/// pattern, a trailing partial block clear). The inverse of <see cref="CencCipher"/>. Not thread-safe.
/// </summary>
public sealed class CencSampleDecryptor : IDisposable
{
    private readonly Aes _aes;
    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);

    /// <summary>Creates a decryptor for one 16-byte content key.</summary>
    public CencSampleDecryptor(ReadOnlySpan<byte> key)
    {
        if (key.Length != ContentKey.KeySize)
        {
            throw new InvalidEncryptionConfigurationException($"An AES-128 key is 16 bytes; got {key.Length}.", "Key");
        }

        _aes = Aes.Create();
        _aes.Key = key.ToArray();
    }

    /// <summary>Decrypts <paramref name="sample"/> (its bytes) as <paramref name="protection"/> and the sample's senc entry say.</summary>
    public void Decrypt(Span<byte> sample, Fmp4Protection protection, ReadOnlySpan<byte> iv, ReadOnlySpan<Fmp4Subsample> subsamples)
    {
        switch (protection.Scheme)
        {
            case "cenc":
                DecryptCtr(sample, iv, subsamples);
                break;
            case "cbcs":
                ReadOnlySpan<byte> chainIv = protection.ConstantIv.Length == 16 ? protection.ConstantIv : iv;
                if (chainIv.Length != 16) throw new InvalidDataException("cbcs needs a 16-byte IV");
                if (subsamples.IsEmpty)
                {
                    DecryptCbcRange(sample, chainIv, protection.CryptBlocks, protection.SkipBlocks);
                    break;
                }

                int at = 0;
                foreach (Fmp4Subsample s in subsamples)
                {
                    at += s.ClearBytes;
                    DecryptCbcRange(sample.Slice(at, s.ProtectedBytes), chainIv, protection.CryptBlocks, protection.SkipBlocks);
                    at += s.ProtectedBytes;
                }

                break;
            default:
                throw new InvalidDataException($"protection scheme '{protection.Scheme}' is not supported");
        }
    }

    private void DecryptCtr(Span<byte> sample, ReadOnlySpan<byte> iv, ReadOnlySpan<Fmp4Subsample> subsamples)
    {
        if (iv.Length is not (8 or 16)) throw new InvalidDataException($"cenc needs an 8 or 16-byte IV, got {iv.Length}");
        int protectedBytes = 0;
        if (subsamples.IsEmpty)
        {
            protectedBytes = sample.Length;
        }
        else
        {
            foreach (Fmp4Subsample s in subsamples) protectedBytes += s.ProtectedBytes;
        }

        int blocks = (protectedBytes + 15) >> 4;
        Span<byte> keystream = Scratch(blocks * 16);
        Span<byte> counter = stackalloc byte[16];
        counter.Clear();
        iv.CopyTo(counter);
        for (int b = 0; b < blocks; b++)
        {
            counter.CopyTo(keystream.Slice(b * 16, 16));
            Increment(counter);
        }

        _aes.EncryptEcb(keystream, keystream, PaddingMode.None);
        if (subsamples.IsEmpty)
        {
            Xor(sample, keystream);
            return;
        }

        int at = 0, used = 0;
        foreach (Fmp4Subsample s in subsamples)
        {
            at += s.ClearBytes;
            Xor(sample.Slice(at, s.ProtectedBytes), keystream.Slice(used, s.ProtectedBytes));
            at += s.ProtectedBytes;
            used += s.ProtectedBytes;
        }
    }

    private void DecryptCbcRange(Span<byte> range, ReadOnlySpan<byte> iv, int crypt, int skip)
    {
        int blocks = range.Length >> 4;
        if (blocks == 0) return;
        int period = crypt == 0 ? blocks : crypt + skip;
        int perPeriod = crypt == 0 ? blocks : crypt;
        int total = 0;
        for (int start = 0; start < blocks; start += period) total += Math.Min(perPeriod, blocks - start);
        Span<byte> gathered = Scratch(total * 16);
        int g = 0;
        for (int start = 0; start < blocks; start += period)
        {
            int n = Math.Min(perPeriod, blocks - start);
            range.Slice(start * 16, n * 16).CopyTo(gathered.Slice(g, n * 16));
            g += n * 16;
        }

        byte[] plain = ArrayPool<byte>.Shared.Rent(gathered.Length);
        try
        {
            _aes.DecryptCbc(gathered, iv, plain.AsSpan(0, gathered.Length), PaddingMode.None);
            g = 0;
            for (int start = 0; start < blocks; start += period)
            {
                int n = Math.Min(perPeriod, blocks - start);
                plain.AsSpan(g, n * 16).CopyTo(range.Slice(start * 16, n * 16));
                g += n * 16;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }

    private static void Increment(Span<byte> counter)
    {
        for (int i = 15; i >= 0; i--)
        {
            if (++counter[i] != 0) return;
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        for (int i = 0; i < data.Length; i++) data[i] ^= keystream[i];
    }

    private Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = ArrayPool<byte>.Shared.Rent(length);
        }

        return _scratch.AsSpan(0, length);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _aes.Dispose();
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = [];
    }
}
