using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Nvr.Storage.Local;

/// <summary>
/// Gathers a list of chunks into one <c>pwritev</c> call without allocating: the BCL's vectored
/// <see cref="RandomAccess.Write(SafeFileHandle, IReadOnlyList{ReadOnlyMemory{byte}}, long)"/> allocates a
/// pin-handle array per call. The caller keeps the (grow-only) pin array. Falls back to the BCL off Unix.
/// </summary>
internal static unsafe partial class VectoredFileWriter
{
    private const int MaxVectorsPerCall = 512; // below IOV_MAX (1024)
    private const int Interrupted = 4; // EINTR

    public static void Write(SafeFileHandle file, IReadOnlyList<ReadOnlyMemory<byte>> chunks, long offset, ref MemoryHandle[] pins)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            RandomAccess.Write(file, chunks, offset);
            return;
        }

        int start = 0;
        while (start < chunks.Count)
        {
            int count = Math.Min(chunks.Count - start, MaxVectorsPerCall);
            WriteBatch(file, chunks, start, count, offset, ref pins);
            for (int i = start; i < start + count; i++)
            {
                offset += chunks[i].Length;
            }

            start += count;
        }
    }

    private static void WriteBatch(SafeFileHandle file, IReadOnlyList<ReadOnlyMemory<byte>> chunks, int start, int count, long offset, ref MemoryHandle[] pins)
    {
        if (pins.Length < count)
        {
            pins = new MemoryHandle[Math.Max(count, pins.Length * 2)];
        }

        IoVector* vectors = stackalloc IoVector[count];
        bool added = false;
        try
        {
            for (int i = 0; i < count; i++)
            {
                var chunk = chunks[start + i];
                pins[i] = chunk.Pin();
                vectors[i] = new IoVector { Base = pins[i].Pointer, Length = (nuint)chunk.Length };
            }

            file.DangerousAddRef(ref added);
            int fd = (int)file.DangerousGetHandle();
            int first = 0;
            while (first < count)
            {
                long written = PWriteV(fd, vectors + first, count - first, offset);
                if (written < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Interrupted)
                    {
                        continue;
                    }

                    ThrowWriteFailed(errno);
                }

                offset += written;
                while (first < count && written >= (long)vectors[first].Length)
                {
                    written -= (long)vectors[first].Length;
                    first++;
                }

                if (first < count && written > 0)
                {
                    vectors[first].Base = (byte*)vectors[first].Base + written;
                    vectors[first].Length -= (nuint)written;
                }
            }
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }

            for (int i = 0; i < count; i++)
            {
                pins[i].Dispose();
                pins[i] = default;
            }
        }
    }

    [DoesNotReturn]
    private static void ThrowWriteFailed(int errno)
        => throw new IOException($"pwritev failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);

    [LibraryImport("libc", EntryPoint = "pwritev", SetLastError = true)]
    private static partial long PWriteV(int fd, IoVector* vectors, int count, long offset);

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public void* Base;
        public nuint Length;
    }
}
