using System.Collections.Concurrent;

namespace Nvr.Pipeline.Buffers;

/// <summary>
/// A growable byte buffer backed by <see cref="MediaBufferPool"/>, with a reference count. The last
/// <see cref="Release"/> returns the array to the pool and the buffer object to a small free list, so a
/// steady stream reuses the same buffers and allocates nothing.
/// </summary>
public sealed class PooledBuffer
{
    private const int MaxFreeBuffers = 1024;
    private static readonly ConcurrentQueue<PooledBuffer> Free = new();
    private static int FreeCount;

    private byte[] _array = [];
    private int _refCount;

    private PooledBuffer()
    {
    }

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The written bytes. Valid until the last reference is released.</summary>
    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>The written bytes. Valid until the last reference is released.</summary>
    public ReadOnlySpan<byte> Span => _array.AsSpan(0, Length);

    /// <summary>Current reference count (diagnostics and tests).</summary>
    public int ReferenceCount => Volatile.Read(ref _refCount);

    /// <summary>Takes a buffer with one reference and room for at least <paramref name="capacity"/> bytes.</summary>
    public static PooledBuffer Rent(int capacity)
    {
        if (!Free.TryDequeue(out var buffer))
        {
            buffer = new PooledBuffer();
        }
        else
        {
            Interlocked.Decrement(ref FreeCount);
        }

        buffer._array = MediaBufferPool.Rent(Math.Max(capacity, 256));
        buffer.Length = 0;
        buffer._refCount = 1;
        return buffer;
    }

    /// <summary>Appends bytes, growing the pooled array when needed.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        EnsureCapacity(Length + bytes.Length);
        bytes.CopyTo(_array.AsSpan(Length));
        Length += bytes.Length;
    }

    /// <summary>Appends one byte.</summary>
    public void Append(byte value)
    {
        EnsureCapacity(Length + 1);
        _array[Length++] = value;
    }

    /// <summary>Forgets the written bytes (keeps the array).</summary>
    public void Clear() => Length = 0;

    /// <summary>Adds a reference; every holder calls <see cref="Release"/> once.</summary>
    public void AddRef()
    {
        if (Interlocked.Increment(ref _refCount) <= 1)
        {
            PipelineThrow.ObjectDisposed(nameof(PooledBuffer));
        }
    }

    /// <summary>Drops a reference; the last one returns the memory to the pool.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _refCount);
        if (left > 0)
        {
            return;
        }

        if (left < 0)
        {
            PipelineThrow.ObjectDisposed(nameof(PooledBuffer));
        }

        MediaBufferPool.Return(_array);
        _array = [];
        Length = 0;
        if (Interlocked.Increment(ref FreeCount) <= MaxFreeBuffers)
        {
            Free.Enqueue(this);
        }
        else
        {
            Interlocked.Decrement(ref FreeCount);
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _array.Length)
        {
            return;
        }

        var bigger = MediaBufferPool.Rent(Math.Max(needed, _array.Length * 2));
        _array.AsSpan(0, Length).CopyTo(bigger);
        MediaBufferPool.Return(_array);
        _array = bigger;
    }
}
