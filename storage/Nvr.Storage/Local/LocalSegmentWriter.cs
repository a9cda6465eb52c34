using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;
using Nvr.Storage.Sinks;

namespace Nvr.Storage.Local;

/// <summary>
/// Writes one segment under <c>&lt;key&gt;.partial</c>: each fragment is written vectored (one pwritev), flushed to disk,
/// and its end offset appended to the fragment journal <c>&lt;key&gt;.partial.idx</c> (also flushed): the
/// journal is the recovery point. Completion writes the sidecar and renames the data file to its key. Under a
/// <see cref="GroupCommit"/> nothing is flushed per fragment: the commit thread appends journal records (one per
/// commit, each a fragment boundary already durable) and syncs. Where the group commit syncs with <c>syncfs</c>
/// (<see cref="GroupCommit.DefersFinalization"/>) nothing is synced at completion either: the sidecars are written
/// in place (no temp + rename, no flush), the data file is renamed to its key at once, and the journal gets a
/// completion record (length + hash of the whole file); the journal and the open-time sidecar stay until the next
/// commit has synced all of it, then the commit thread deletes them. A crash before that commit leaves the journal
/// beside the file under its key: recovery keeps the file only when its length and hash match the completion record
/// (always so after kill -9: the page cache survived), else cuts it to its last commit like a partial.
/// File I/O is synchronous (on Unix the BCL's async file I/O is a thread-pool hop anyway); a fragment
/// write allocates nothing.
/// </summary>
internal sealed class LocalSegmentWriter : ISegmentWriter
{
    private readonly string _finalPath;
    private readonly string _partialPath;
    private readonly bool _flushEachFragment;
    private readonly Action<LocalSegmentWriter, long>? _onFragment;
    private readonly GroupCommit? _group;
    private readonly Lock _handles = new();
    private readonly byte[] _journalRecord = new byte[CompletionRecord.Length];
    private readonly System.IO.Hashing.XxHash3? _hash;
    private MemoryHandle[] _pins = new MemoryHandle[8];
    private SafeFileHandle? _data;
    private SafeFileHandle? _journal;
    private long _length;
    private long _fragments;
    private long _journalRecords;
    private long _journaled;

    public LocalSegmentWriter(string finalPath, SegmentMetadata metadata, bool flushEachFragment, Action<LocalSegmentWriter, long>? onFragment, GroupCommit? group = null)
    {
        _group = group;
        flushEachFragment &= group is null;
        _finalPath = finalPath;
        _partialPath = finalPath + SidecarFile.PartialSuffix;
        _flushEachFragment = flushEachFragment;
        _onFragment = onFragment;
        Metadata = metadata;
        if (group is { DefersFinalization: true })
        {
            // no journal record exists before the next commit's syncfs, which makes this sidecar durable first
            SidecarFile.WriteInPlace(finalPath + SidecarFile.PartialMetadataSuffix, metadata, null);
            _hash = new System.IO.Hashing.XxHash3();
        }
        else
        {
            SidecarFile.Write(finalPath + SidecarFile.PartialMetadataSuffix, metadata, null);
        }

        _data = File.OpenHandle(_partialPath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        _journal = File.OpenHandle(finalPath + SidecarFile.JournalSuffix, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        if (flushEachFragment)
        {
            DirectorySync.Flush(Path.GetDirectoryName(finalPath)!);
        }

        group?.Register(this); // the new directory entries become durable with the next commit's syncfs
    }

    public SegmentMetadata Metadata { get; }

    public long Length => Volatile.Read(ref _length);

    /// <summary>Path of the data file while it is being written.</summary>
    public string PartialPath => _partialPath;

    /// <summary>Path of the data file once completed.</summary>
    public string FinalPath => _finalPath;

    public ValueTask WriteFragmentAsync(IReadOnlyList<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken = default)
    {
        var data = _data;
        if (data is null)
        {
            ThrowNotOpen(Metadata.Key);
        }

        var journal = _journal!;
        long total = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            total += chunks[i].Length;
        }

        if (total == 0)
        {
            return ValueTask.CompletedTask;
        }

        VectoredFileWriter.Write(data, chunks, _length, ref _pins);
        if (_group is not null)
        {
            for (int i = 0; i < chunks.Count; i++)
            {
                _hash?.Append(chunks[i].Span);
            }

            Volatile.Write(ref _length, _length + total); // the commit thread journals it once it is durable
            _fragments++;
            _onFragment?.Invoke(this, total);
            return ValueTask.CompletedTask;
        }

        if (_flushEachFragment)
        {
            RandomAccess.FlushToDisk(data);
        }

        _length += total;
        BinaryPrimitives.WriteInt64LittleEndian(_journalRecord, _length);
        RandomAccess.Write(journal, _journalRecord.AsSpan(0, 8), _fragments * 8);
        if (_flushEachFragment)
        {
            RandomAccess.FlushToDisk(journal);
        }

        _fragments++;
        _onFragment?.Invoke(this, total);
        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(TimeSpan? finalDuration = null, CancellationToken cancellationToken = default)
    {
        var data = _data;
        if (data is null)
        {
            ThrowNotOpen(Metadata.Key);
        }

        _group?.Unregister(this);
        if (_hash is not null)
        {
            return CompleteDeferred(finalDuration);
        }

        lock (_handles)
        {
            RandomAccess.FlushToDisk(data);
            CloseHandles();
        }

        SidecarFile.Write(_finalPath + SidecarFile.MetadataSuffix, Metadata, finalDuration);
        File.Move(_partialPath, _finalPath, overwrite: false);
        File.Delete(_finalPath + SidecarFile.JournalSuffix);
        File.Delete(_finalPath + SidecarFile.PartialMetadataSuffix);
        if (_flushEachFragment)
        {
            DirectorySync.Flush(Path.GetDirectoryName(_finalPath)!);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask AbortAsync(CancellationToken cancellationToken = default)
    {
        _group?.Unregister(this);
        lock (_handles)
        {
            CloseHandles();
        }

        File.Delete(_partialPath);
        File.Delete(_finalPath + SidecarFile.JournalSuffix);
        File.Delete(_finalPath + SidecarFile.PartialMetadataSuffix);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _group?.Unregister(this);
        lock (_handles)
        {
            CloseHandles();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Completion under a syncfs group commit: no sync here; the next commit makes data, sidecar, completion record and
    /// rename durable together, then deletes the journal and the open-time sidecar (<see cref="GroupCommit.Finalized"/>).
    /// </summary>
    private ValueTask CompleteDeferred(TimeSpan? finalDuration)
    {
        lock (_handles)
        {
            CompletionRecord.Write(_journalRecord, _length, _hash!.GetCurrentHashAsUInt64());
            RandomAccess.Write(_journal!, _journalRecord, _journalRecords * 8); // after the commit records (none follows: unregistered)
            CloseHandles();
        }

        SidecarFile.WriteInPlace(_finalPath + SidecarFile.MetadataSuffix, Metadata, finalDuration);
        DirectorySync.RenameNoReplace(_partialPath, _finalPath);
        _group!.Finalized(_finalPath);
        return ValueTask.CompletedTask;
    }

    /// <summary>Group commit, step 3: records <paramref name="durableLength"/> (a fragment end already synced) in the journal.</summary>
    internal void Journal(long durableLength)
    {
        lock (_handles)
        {
            if (_journal is null || durableLength <= _journaled)
            {
                return;
            }

            BinaryPrimitives.WriteInt64LittleEndian(_journalRecord, durableLength); // the writer thread does not use it in this mode
            RandomAccess.Write(_journal, _journalRecord.AsSpan(0, 8), _journalRecords * 8);
            _journalRecords++;
            _journaled = durableLength;
        }
    }

    /// <summary>Group commit without syncfs: flushes the data file.</summary>
    internal void FlushData()
    {
        lock (_handles)
        {
            if (_data is not null)
            {
                RandomAccess.FlushToDisk(_data);
            }
        }
    }

    /// <summary>Group commit without syncfs: flushes the journal.</summary>
    internal void FlushJournal()
    {
        lock (_handles)
        {
            if (_journal is not null)
            {
                RandomAccess.FlushToDisk(_journal);
            }
        }
    }

    private void CloseHandles()
    {
        _data?.Dispose();
        _journal?.Dispose();
        _data = null;
        _journal = null;
    }

    [DoesNotReturn]
    private static void ThrowNotOpen(string key)
        => throw new InvalidOperationException($"segment '{key}' is already completed, aborted or disposed");
}
