using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// AES-128 encryption with the x86 AES-NI instructions: key expansion (FIPS-197 section 5.2 via AESKEYGENASSIST),
/// an 8-way interleaved CTR keystream generator and single-block encryption for CBC chains. Only usable when
/// <see cref="IsSupported"/>; verified against the BCL implementation by the tests.
/// </summary>
internal sealed class AesNiEngine
{
    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[11];

    public AesNiEngine(ReadOnlySpan<byte> key)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI is not available on this CPU.");
        }

        Vector128<byte> k = Vector128.Create(key);
        Vector128<byte>[] rk = _roundKeys;
        rk[0] = k;
        rk[1] = k = Expand(k, X86Aes.KeygenAssist(k, 0x01));
        rk[2] = k = Expand(k, X86Aes.KeygenAssist(k, 0x02));
        rk[3] = k = Expand(k, X86Aes.KeygenAssist(k, 0x04));
        rk[4] = k = Expand(k, X86Aes.KeygenAssist(k, 0x08));
        rk[5] = k = Expand(k, X86Aes.KeygenAssist(k, 0x10));
        rk[6] = k = Expand(k, X86Aes.KeygenAssist(k, 0x20));
        rk[7] = k = Expand(k, X86Aes.KeygenAssist(k, 0x40));
        rk[8] = k = Expand(k, X86Aes.KeygenAssist(k, 0x80));
        rk[9] = k = Expand(k, X86Aes.KeygenAssist(k, 0x1B));
        rk[10] = Expand(k, X86Aes.KeygenAssist(k, 0x36));
    }

    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    /// <summary>
    /// Writes <paramref name="blocks"/> keystream blocks: AES(IV || counter) for consecutive counters where the IV is the
    /// 8-byte big-endian <paramref name="iv"/> and the counter is a 64-bit big-endian block counter starting at
    /// <paramref name="firstCounter"/> (wrapping modulo 2^64).
    /// </summary>
    public void CtrKeystream(Span<byte> destination, ulong iv, int blocks, ulong firstCounter = 0)
    {
        if (destination.Length < blocks * 16)
        {
            throw new ArgumentException("Destination too short.", nameof(destination));
        }

        ulong ivLane = BinaryPrimitives.ReverseEndianness(iv);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        Vector128<byte>[] rk = _roundKeys;
        Vector128<byte> k0 = rk[0], k1 = rk[1], k2 = rk[2], k3 = rk[3], k4 = rk[4], k5 = rk[5];
        Vector128<byte> k6 = rk[6], k7 = rk[7], k8 = rk[8], k9 = rk[9], k10 = rk[10];
        int b = 0;
        for (; b <= blocks - 4; b += 4)
        {
            Vector128<byte> c0 = Counter(ivLane, firstCounter + (ulong)b) ^ k0;
            Vector128<byte> c1 = Counter(ivLane, firstCounter + (ulong)b + 1) ^ k0;
            Vector128<byte> c2 = Counter(ivLane, firstCounter + (ulong)b + 2) ^ k0;
            Vector128<byte> c3 = Counter(ivLane, firstCounter + (ulong)b + 3) ^ k0;
            Round4(ref c0, ref c1, ref c2, ref c3, k1);
            Round4(ref c0, ref c1, ref c2, ref c3, k2);
            Round4(ref c0, ref c1, ref c2, ref c3, k3);
            Round4(ref c0, ref c1, ref c2, ref c3, k4);
            Round4(ref c0, ref c1, ref c2, ref c3, k5);
            Round4(ref c0, ref c1, ref c2, ref c3, k6);
            Round4(ref c0, ref c1, ref c2, ref c3, k7);
            Round4(ref c0, ref c1, ref c2, ref c3, k8);
            Round4(ref c0, ref c1, ref c2, ref c3, k9);
            nuint at = (nuint)(b * 16);
            X86Aes.EncryptLast(c0, k10).StoreUnsafe(ref dst, at);
            X86Aes.EncryptLast(c1, k10).StoreUnsafe(ref dst, at + 16);
            X86Aes.EncryptLast(c2, k10).StoreUnsafe(ref dst, at + 32);
            X86Aes.EncryptLast(c3, k10).StoreUnsafe(ref dst, at + 48);
        }

        for (; b < blocks; b++)
        {
            EncryptBlock(Counter(ivLane, firstCounter + (ulong)b)).StoreUnsafe(ref dst, (nuint)(b * 16));
        }
    }

    /// <summary>Encrypts one 16-byte block.</summary>
    public Vector128<byte> EncryptBlock(Vector128<byte> block)
    {
        Vector128<byte>[] rk = _roundKeys;
        Vector128<byte> x = block ^ rk[0];
        for (int r = 1; r < 10; r++)
        {
            x = X86Aes.Encrypt(x, rk[r]);
        }

        return X86Aes.EncryptLast(x, rk[10]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(ulong ivLane, ulong counter) =>
        Vector128.Create(ivLane, BinaryPrimitives.ReverseEndianness(counter)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round4(ref Vector128<byte> a, ref Vector128<byte> b, ref Vector128<byte> c, ref Vector128<byte> d, Vector128<byte> k)
    {
        a = X86Aes.Encrypt(a, k);
        b = X86Aes.Encrypt(b, k);
        c = X86Aes.Encrypt(c, k);
        d = X86Aes.Encrypt(d, k);
    }

    private static Vector128<byte> Expand(Vector128<byte> key, Vector128<byte> assist)
    {
        Vector128<byte> t = Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ t;
    }
}
