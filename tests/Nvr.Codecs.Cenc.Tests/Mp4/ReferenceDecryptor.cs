using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Nvr.Codecs.Cenc.Tests.Mp4;

/// <summary>
/// Straightforward CENC decryption written from ISO/IEC 23001-7 for the tests, one AES block at a time with the BCL,
/// sharing no code with the encryptor under test.
/// </summary>
internal static class ReferenceDecryptor
{
    public static byte[] Decrypt(byte[] key, ProtectedTrackInfo track, ReadOnlySpan<byte> sample, byte[] iv, (int Clear, int Protected)[] subsamples)
    {
        byte[] output = sample.ToArray();
        var ranges = new List<(int Start, int Length)>();
        if (subsamples.Length == 0)
        {
            ranges.Add((0, output.Length));
        }
        else
        {
            int pos = 0;
            foreach ((int clear, int prot) in subsamples)
            {
                pos += clear;
                ranges.Add((pos, prot));
                pos += prot;
            }

            if (pos != output.Length) throw new InvalidDataException($"subsamples cover {pos} of {output.Length} bytes");
        }

        using var aes = Aes.Create();
        aes.Key = key;
        if (track.Scheme == "cenc")
        {
            CtrInPlace(aes, output, ranges, iv);
        }
        else
        {
            byte[] constant = track.ConstantIv.Length > 0 ? track.ConstantIv : iv;
            foreach ((int start, int length) in ranges)
            {
                CbcPatternDecryptInPlace(aes, output.AsSpan(start, length), constant, track.CryptByteBlock, track.SkipByteBlock);
            }
        }

        return output;
    }

    /// <summary>CTR over the concatenation of the ranges (keystream continues across ranges); 8-byte IV || 64-bit counter.</summary>
    public static void CtrInPlace(Aes aes, byte[] data, List<(int Start, int Length)> ranges, byte[] iv)
    {
        if (iv.Length != 8) throw new NotSupportedException("only 8-byte IVs are exercised");
        Span<byte> counter = stackalloc byte[16];
        Span<byte> block = stackalloc byte[16];
        iv.CopyTo(counter);
        long k = 0;
        foreach ((int start, int length) in ranges)
        {
            for (int i = 0; i < length; i++, k++)
            {
                if (k % 16 == 0)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(counter[8..], (ulong)(k / 16));
                    aes.EncryptEcb(counter, block, PaddingMode.None);
                }

                data[start + i] ^= block[(int)(k % 16)];
            }
        }
    }

    public static void CbcPatternDecryptInPlace(Aes aes, Span<byte> range, byte[] iv, int crypt, int skip)
    {
        int blocks = range.Length / 16;
        Span<byte> prev = stackalloc byte[16];
        Span<byte> cipher = stackalloc byte[16];
        Span<byte> plain = stackalloc byte[16];
        iv.CopyTo(prev);
        for (int b = 0; b < blocks; b++)
        {
            bool encrypted = crypt == 0 || (b % (crypt + skip)) < crypt;
            if (!encrypted) continue;
            Span<byte> blk = range.Slice(b * 16, 16);
            blk.CopyTo(cipher);
            aes.DecryptEcb(cipher, plain, PaddingMode.None);
            for (int i = 0; i < 16; i++) blk[i] = (byte)(plain[i] ^ prev[i]);
            cipher.CopyTo(prev);
        }
    }
}
