using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>XORs a keystream into data with the widest vectors the CPU offers.</summary>
internal static class ByteXor
{
    public static void XorInPlace(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        if (keystream.Length < data.Length)
        {
            throw new ArgumentException("Keystream shorter than data.", nameof(keystream));
        }

        int n = data.Length;
        int i = 0;
        ref byte d = ref MemoryMarshal.GetReference(data);
        ref byte k = ref MemoryMarshal.GetReference(keystream);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - 32; i += 32)
            {
                Vector256<byte> v = Vector256.LoadUnsafe(ref d, (nuint)i) ^ Vector256.LoadUnsafe(ref k, (nuint)i);
                v.StoreUnsafe(ref d, (nuint)i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - 16; i += 16)
            {
                Vector128<byte> v = Vector128.LoadUnsafe(ref d, (nuint)i) ^ Vector128.LoadUnsafe(ref k, (nuint)i);
                v.StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref d, i) ^= Unsafe.Add(ref k, i);
        }
    }
}
