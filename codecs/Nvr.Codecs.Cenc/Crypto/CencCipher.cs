using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.Intrinsics;

namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// Applies the ISO/IEC 23001-7 sample encryption of one key to a whole fragment at a time (one AES call per
/// fragment on the BCL path, no call overhead on the AES-NI path).
/// <list type="bullet">
/// <item><c>cenc</c> (<see cref="EncryptCtr"/>): AES-128-CTR. The 16-byte counter block is the sample's 8-byte IV
///   followed by a 64-bit big-endian block counter that starts at 0 for each sample. The protected ranges of all
///   subsamples of a sample form one keystream: a range that ends inside a block continues that block in the next
///   range; clear bytes do not consume keystream. Decryption is the same operation.</item>
/// <item><c>cbcs</c> (<see cref="EncryptCbcs"/>): AES-128-CBC with a constant IV that restarts the chain at every
///   subsample's protected range (and for every whole sample). Inside a range, the pattern encrypts
///   <c>crypt</c> blocks then leaves <c>skip</c> blocks clear; a pattern of 0:0 encrypts every full block. A trailing
///   partial block (&lt; 16 bytes) always stays clear.</item>
/// </list>
/// Uses AES-NI when the CPU has it (unless told not to), else the BCL through <see cref="BclAesEngine"/> (cached
/// transforms: no allocation per call either). Owns a pooled scratch buffer that only grows; not thread-safe.
/// </summary>
public sealed class CencCipher : IDisposable
{
    private readonly BclAesEngine? _bcl;
    private readonly AesNiEngine? _ni;
    private byte[] _scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);

    /// <summary>Creates a cipher for a 16-byte AES key.</summary>
    /// <param name="key">The AES-128 key.</param>
    /// <param name="allowAesNi">False forces the BCL path (used to cross-check the two).</param>
    public CencCipher(ReadOnlySpan<byte> key, bool allowAesNi = true)
    {
        if (key.Length != ContentKey.KeySize)
        {
            throw new InvalidEncryptionConfigurationException($"An AES-128 key is 16 bytes; got {key.Length}.", "Key");
        }

        if (allowAesNi && AesNiEngine.IsSupported)
        {
            _ni = new AesNiEngine(key);
        }
        else
        {
            _bcl = new BclAesEngine(key);
        }
    }

    /// <summary>True when the hand-written AES-NI path is in use.</summary>
    public bool UsesAesNi => _ni is not null;

    /// <summary>Encrypts (or decrypts) every sample of <paramref name="plan"/> in <paramref name="data"/> with AES-CTR.</summary>
    public void EncryptCtr(Span<byte> data, FragmentEncryptionPlan plan)
    {
        int count = plan.SampleCount;
        long totalBlocks = 0;
        for (int i = 0; i < count; i++)
        {
            totalBlocks += (plan.GetProtectedBytes(i) + 15) >> 4;
        }

        if (totalBlocks == 0)
        {
            return;
        }

        Span<byte> keystream = Scratch(checked((int)(totalBlocks * 16)));
        if (_ni is not null)
        {
            int at = 0;
            for (int i = 0; i < count; i++)
            {
                int blocks = (int)((plan.GetProtectedBytes(i) + 15) >> 4);
                _ni.CtrKeystream(keystream.Slice(at, blocks * 16), plan.GetIv(i), blocks);
                at += blocks * 16;
            }
        }
        else
        {
            int at = 0;
            for (int i = 0; i < count; i++)
            {
                int blocks = (int)((plan.GetProtectedBytes(i) + 15) >> 4);
                ulong iv = plan.GetIv(i);
                for (int b = 0; b < blocks; b++, at += 16)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(keystream.Slice(at, 8), iv);
                    BinaryPrimitives.WriteUInt64BigEndian(keystream.Slice(at + 8, 8), (ulong)b);
                }
            }

            _bcl!.EncryptEcbInPlace(_scratch, keystream.Length);
        }

        int ks = 0;
        for (int i = 0; i < count; i++)
        {
            int offset = plan.GetOffset(i);
            ReadOnlySpan<SubsampleEntry> subs = plan.GetSubsamples(i);
            int used = 0;
            if (subs.IsEmpty)
            {
                int len = plan.GetLength(i);
                ByteXor.XorInPlace(data.Slice(offset, len), keystream.Slice(ks, len));
                used = len;
            }
            else
            {
                foreach (SubsampleEntry e in subs)
                {
                    offset += e.ClearBytes;
                    int len = (int)e.ProtectedBytes;
                    ByteXor.XorInPlace(data.Slice(offset, len), keystream.Slice(ks + used, len));
                    offset += len;
                    used += len;
                }
            }

            ks += (used + 15) & ~15;
        }
    }

    /// <summary>Encrypts every sample of <paramref name="plan"/> in <paramref name="data"/> with the cbcs pattern.</summary>
    public void EncryptCbcs(Span<byte> data, FragmentEncryptionPlan plan, ReadOnlySpan<byte> constantIv, int cryptBlocks, int skipBlocks)
    {
        if (constantIv.Length != 16)
        {
            throw new ArgumentException("The cbcs constant IV is 16 bytes.", nameof(constantIv));
        }

        if (cryptBlocks < 0 || skipBlocks < 0 || cryptBlocks > 15 || skipBlocks > 15 || (cryptBlocks == 0 && skipBlocks != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(cryptBlocks), "Pattern blocks are 0..15; 0:0 means every block.");
        }

        for (int i = 0; i < plan.SampleCount; i++)
        {
            int offset = plan.GetOffset(i);
            ReadOnlySpan<SubsampleEntry> subs = plan.GetSubsamples(i);
            if (subs.IsEmpty)
            {
                EncryptCbcRange(data.Slice(offset, plan.GetLength(i)), constantIv, cryptBlocks, skipBlocks);
                continue;
            }

            foreach (SubsampleEntry e in subs)
            {
                offset += e.ClearBytes;
                EncryptCbcRange(data.Slice(offset, (int)e.ProtectedBytes), constantIv, cryptBlocks, skipBlocks);
                offset += (int)e.ProtectedBytes;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _bcl?.Dispose();
        byte[] s = _scratch;
        _scratch = [];
        if (s.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(s);
        }
    }

    private void EncryptCbcRange(Span<byte> range, ReadOnlySpan<byte> iv, int crypt, int skip)
    {
        int blocks = range.Length >> 4;
        if (blocks == 0)
        {
            return;
        }

        int period = crypt == 0 ? blocks : crypt + skip;
        int perPeriod = crypt == 0 ? blocks : crypt;
        if (_ni is not null)
        {
            Vector128<byte> chain = Vector128.Create(iv);
            for (int start = 0; start < blocks; start += period)
            {
                int n = Math.Min(perPeriod, blocks - start);
                for (int b = start; b < start + n; b++)
                {
                    Span<byte> block = range.Slice(b * 16, 16);
                    chain = _ni.EncryptBlock(Vector128.Create((ReadOnlySpan<byte>)block) ^ chain);
                    chain.CopyTo(block);
                }
            }

            return;
        }

        // BCL: gather the blocks of this chain, one CBC call, scatter them back.
        int total = 0;
        for (int start = 0; start < blocks; start += period)
        {
            total += Math.Min(perPeriod, blocks - start);
        }

        Span<byte> gathered = Scratch(total * 16);
        int g = 0;
        for (int start = 0; start < blocks; start += period)
        {
            int n = Math.Min(perPeriod, blocks - start);
            range.Slice(start * 16, n * 16).CopyTo(gathered.Slice(g, n * 16));
            g += n * 16;
        }

        _bcl!.EncryptCbcInPlace(_scratch, 0, gathered.Length, iv);
        g = 0;
        for (int start = 0; start < blocks; start += period)
        {
            int n = Math.Min(perPeriod, blocks - start);
            gathered.Slice(g, n * 16).CopyTo(range.Slice(start * 16, n * 16));
            g += n * 16;
        }
    }

    private Span<byte> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            byte[] old = _scratch;
            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(length, old.Length * 2));
            if (old.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(old);
            }
        }

        return _scratch.AsSpan(0, length);
    }
}
