using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace Nvr.Storage.Local;

/// <summary>
/// The last record of a fragment journal whose segment was completed under a syncfs group commit (24 bytes after the
/// 8-byte commit records): a marker that no commit record can hold (<see cref="long.MinValue"/>, so a reader of
/// commit records stops before it), the completed length, and the XxHash3 of the whole file. It lets recovery tell a
/// completed file whose bytes all reached the disk from one a power loss cut before the next commit.
/// </summary>
internal static class CompletionRecord
{
    public const int Length = 24;
    private const long Marker = long.MinValue;

    public static void Write(Span<byte> record, long length, ulong hash)
    {
        BinaryPrimitives.WriteInt64LittleEndian(record, Marker);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], length);
        BinaryPrimitives.WriteUInt64LittleEndian(record[16..], hash);
    }

    /// <summary>The completion record at commit record <paramref name="index"/> of <paramref name="journal"/>, if one is there.</summary>
    public static (long Length, ulong Hash)? TryRead(ReadOnlySpan<byte> journal, int index)
    {
        int offset = index * 8;
        if (offset + Length > journal.Length || BinaryPrimitives.ReadInt64LittleEndian(journal[offset..]) != Marker)
        {
            return null;
        }

        return (BinaryPrimitives.ReadInt64LittleEndian(journal[(offset + 8)..]), BinaryPrimitives.ReadUInt64LittleEndian(journal[(offset + 16)..]));
    }

    /// <summary>True when the file at <paramref name="path"/> has exactly the completed length and hash.</summary>
    public static bool Matches(string path, (long Length, ulong Hash) completion)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        if (RandomAccess.GetLength(handle) != completion.Length)
        {
            return false;
        }

        var hash = new XxHash3();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(handle, buffer, offset)) > 0)
            {
                hash.Append(buffer.AsSpan(0, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hash.GetCurrentHashAsUInt64() == completion.Hash;
    }
}
