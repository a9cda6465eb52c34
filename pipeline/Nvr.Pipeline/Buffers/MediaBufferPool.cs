namespace Nvr.Pipeline.Buffers;

/// <summary>
/// The byte arrays of access-unit payloads. <see cref="System.Buffers.ArrayPool{T}.Shared"/> keeps a few dozen
/// arrays per size and core; a recorder holds every unit of the open fragment of every camera (≈ 70 units per camera
/// for a second), so with more than a handful of cameras most of its rents missed and allocated (issue 13: ≈ 20 KB
/// allocated per recorded frame at 50 cameras). This pool keeps what comes back, per power-of-two size from 256 B to
/// 16 MB, up to <see cref="MaxRetainedBytesPerSize"/> per size: steady recording of any number of cameras rents and
/// returns the same arrays. Retention is what was outstanding at the peak, capped.
/// </summary>
internal static class MediaBufferPool
{
    /// <summary>Arrays kept per size at most (in bytes of arrays): a burst beyond it is left to the GC.</summary>
    public const long MaxRetainedBytesPerSize = 256L << 20;

    private const int MinShift = 8;   // 256 B
    private const int MaxShift = 24;  // 16 MB
    private static readonly Bucket[] Buckets = CreateBuckets();

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes (a power of two; larger requests: exact, not pooled).</summary>
    public static byte[] Rent(int minimumLength)
    {
        var shift = ShiftFor(minimumLength);
        return shift > MaxShift ? GC.AllocateUninitializedArray<byte>(minimumLength) : Buckets[shift - MinShift].Rent();
    }

    /// <summary>Gives back an array from <see cref="Rent"/> (others, and empty arrays, are ignored).</summary>
    public static void Return(byte[] array)
    {
        var length = array.Length;
        if (length < 1 << MinShift || length > 1 << MaxShift || (length & (length - 1)) != 0)
        {
            return;
        }

        Buckets[ShiftFor(length) - MinShift].Return(array);
    }

    private static int ShiftFor(int length) =>
        length <= 1 << MinShift ? MinShift : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(length - 1));

    private static Bucket[] CreateBuckets()
    {
        var buckets = new Bucket[MaxShift - MinShift + 1];
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = new Bucket(1 << (MinShift + i));
        }

        return buckets;
    }

    /// <summary>A stack of free arrays of one size under a lock (no allocation once it has grown to the peak).</summary>
    private sealed class Bucket(int size)
    {
        private readonly Lock _gate = new();
        private readonly int _maxCount = (int)Math.Max(1, MaxRetainedBytesPerSize / size);
        private byte[][] _free = new byte[16][];
        private int _count;

        public byte[] Rent()
        {
            lock (_gate)
            {
                if (_count > 0)
                {
                    var array = _free[--_count];
                    _free[_count] = null!;
                    return array;
                }
            }

            return GC.AllocateUninitializedArray<byte>(size);
        }

        public void Return(byte[] array)
        {
            lock (_gate)
            {
                if (_count == _free.Length)
                {
                    if (_count >= _maxCount)
                    {
                        return;
                    }

                    Array.Resize(ref _free, Math.Min(_maxCount, _count * 2));
                }

                _free[_count++] = array;
            }
        }
    }
}
