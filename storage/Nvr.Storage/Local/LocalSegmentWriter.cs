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
/// commit, each a fragment boundary already durable) and syncs; completion flushes this one file before the rename.
/// File I/O is synchronous (on Unix the BCL's async file I/O is a thread-pool hop anyway); a fragment
/// write allocates nothing.
/// </summary>
internal sealed class LocalSegmentWriter : IRecoverableSegmentWriter
{
    private readonly string _finalPath;
    private readonly string _partialPath;
    private readonly bool _flushEachFragment;
    private readonly Action<LocalSegmentWriter, long>? _onFragment;
    private readonly GroupCommit? _group;
    private readonly Lock _handles = new();
    private readonly byte[] _journalRecord = new byte[8];
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
        SidecarFile.Write(finalPath + SidecarFile.PartialMetadataSuffix, metadata, null);
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
        RandomAccess.Write(journal, _journalRecord, _fragments * 8);
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

    /// <summary>
    /// The abandoned segment, finalized as <see cref="LocalDiskSink.RecoverPartialSegments"/> would, without a crash: the
    /// data file is flushed (every fragment written becomes durable, so nothing written is cut), then given its sidecar
    /// with the measured Duration and renamed to its key; the fragment journal goes. No fragment: deleted (null).
    /// </summary>
    public async ValueTask<RecoveredSegment?> RecoverAsync(Func<string, TimeSpan?>? measureDuration, CancellationToken cancellationToken = default)
    {
        var data = _data;
        if (data is null)
        {
            ThrowNotOpen(Metadata.Key);
        }

        if (_fragments == 0)
        {
            await AbortAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        _group?.Unregister(this);
        lock (_handles)
        {
            RandomAccess.FlushToDisk(data);
            CloseHandles();
        }

        var duration = measureDuration?.Invoke(_partialPath);
        SidecarFile.Write(_finalPath + SidecarFile.MetadataSuffix, Metadata, duration);
        File.Move(_partialPath, _finalPath, overwrite: false);
        File.Delete(_finalPath + SidecarFile.JournalSuffix);
        File.Delete(_finalPath + SidecarFile.PartialMetadataSuffix);
        DirectorySync.Flush(Path.GetDirectoryName(_finalPath)!); // the rename is durable before anyone is told
        return new RecoveredSegment(Metadata.Key, _length, (int)_fragments, 0, duration);
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
            RandomAccess.Write(_journal, _journalRecord, _journalRecords * 8);
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
