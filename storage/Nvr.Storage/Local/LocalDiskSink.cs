using System.Buffers.Binary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Storage.Sinks;

namespace Nvr.Storage.Local;

/// <summary>
/// Stores objects as files in a directory tree that mirrors the keys (<c>root/&lt;key&gt;</c>), with a JSON
/// sidecar <c>&lt;key&gt;.meta.json</c> holding the content type and B.9 attributes. A segment is written as
/// <c>&lt;key&gt;.partial</c> and renamed to its key only when completed, so a file under a key is always
/// complete. See docs/storage.md for the crash recovery rules. With a <see cref="GroupCommit"/> (what the appliance
/// uses) fragments are made durable once per commit interval for all open segments instead of one by one.
/// </summary>
public sealed class LocalDiskSink : ISegmentSink, IObjectCatalog, IDisposable
{
    private readonly ILogger _logger;
    private readonly bool _flushEachFragment;
    private readonly GroupCommit? _groupCommit;

    // Serialises making a directory and the first file in it with removing directories left empty by a delete: the
    // spool's uploader deleting the last object of a camera's hour must not remove the directory the camera's next
    // segment was just opened in (that segment would be lost).
    private readonly Lock _layout = new();

    /// <summary>Creates a sink rooted at <paramref name="rootDirectory"/> (created when missing).</summary>
    /// <param name="rootDirectory">Absolute directory.</param>
    /// <param name="logger">Logger, or none.</param>
    /// <param name="flushEachFragment">
    /// Flush every fragment to disk (the recovery guarantee). Only benchmarks turn it off.
    /// </param>
    /// <param name="groupCommitInterval">
    /// When set, fragments are not flushed one by one: a <see cref="GroupCommit"/> owned by this sink commits all open
    /// segments once per interval (the recovery point); <paramref name="flushEachFragment"/> is then ignored.
    /// </param>
    public LocalDiskSink(string rootDirectory, ILogger<LocalDiskSink>? logger = null, bool flushEachFragment = true, TimeSpan? groupCommitInterval = null)
    {
        if (!Path.IsPathFullyQualified(rootDirectory))
        {
            throw new ArgumentException($"the storage directory must be absolute: '{rootDirectory}'", nameof(rootDirectory));
        }

        RootDirectory = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(RootDirectory);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _flushEachFragment = flushEachFragment;
        _groupCommit = groupCommitInterval is { } interval ? new GroupCommit(RootDirectory, interval) : null;
    }

    /// <summary>The group commit of this sink, or null when every fragment is flushed by itself.</summary>
    public GroupCommit? GroupCommit => _groupCommit;

    /// <summary>Absolute root directory.</summary>
    public string RootDirectory { get; }

    /// <summary>Called after each durable fragment with the writer's key and the fragment's size (used by the spool).</summary>
    internal Action<string, long>? FragmentWritten { get; set; }

    /// <inheritdoc />
    public ValueTask<ISegmentWriter> OpenSegmentAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default)
    {
        var path = GetPath(metadata.Key);
        if (File.Exists(path) || File.Exists(path + SidecarFile.PartialSuffix))
        {
            throw new IOException($"an object with key '{metadata.Key}' already exists");
        }

        var notify = FragmentWritten;
        Action<LocalSegmentWriter, long>? onFragment = notify is null ? null : (w, n) => notify(w.Metadata.Key, n);
        lock (_layout)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return ValueTask.FromResult<ISegmentWriter>(new LocalSegmentWriter(path, metadata, _flushEachFragment, onFragment, _groupCommit));
        }
    }

    /// <inheritdoc />
    public ValueTask WriteEmptyObjectAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default)
    {
        var path = GetPath(metadata.Key);
        lock (_layout)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            SidecarFile.Write(path + SidecarFile.MetadataSuffix, metadata, null);
        }

        var temporary = path + SidecarFile.TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Finalizes segments a crash left partial: each is cut to the end of its last durable fragment (from
    /// the fragment journal), renamed to its key and given its sidecar. Partial files without any durable
    /// fragment are deleted. Call once at start, before writing. <paramref name="recovered"/> is called for each recovered
    /// segment with its file's path, right after it was renamed to its key (before anything else can touch it).
    /// </summary>
    /// <param name="measureDuration">
    /// Reads the media time of the cut file (the caller knows its format); when given and it answers, the recovered
    /// sidecar carries it as Duration, so the segment can still be indexed after a later crash.
    /// </param>
    public IReadOnlyList<RecoveredSegment> RecoverPartialSegments(Action<RecoveredSegment, string>? recovered = null, Func<string, TimeSpan?>? measureDuration = null)
    {
        var segments = new List<RecoveredSegment>();
        foreach (var temporary in Directory.EnumerateFiles(RootDirectory, "*" + SidecarFile.TemporarySuffix, SearchOption.AllDirectories).ToList())
        {
            File.Delete(temporary); // a sidecar or empty object a crash cut before its rename: nothing refers to it
        }

        foreach (var partial in Directory.EnumerateFiles(RootDirectory, "*" + SidecarFile.PartialSuffix, SearchOption.AllDirectories))
        {
            var finalPath = partial[..^SidecarFile.PartialSuffix.Length];
            var key = ToKey(finalPath);
            var (fragments, committed) = ReadJournal(finalPath + SidecarFile.JournalSuffix);
            long onDisk = new FileInfo(partial).Length;
            if (fragments == 0 || committed > onDisk || File.Exists(finalPath))
            {
                _logger.LogWarning("Deleting partial segment {Key}: {Fragments} durable fragments, {Bytes} bytes on disk", key, fragments, onDisk);
                DeleteFiles(finalPath);
                continue;
            }

            using (var handle = File.OpenHandle(partial, FileMode.Open, FileAccess.ReadWrite))
            {
                RandomAccess.SetLength(handle, committed);
                RandomAccess.FlushToDisk(handle);
            }

            var document = SidecarFile.TryRead(finalPath + SidecarFile.PartialMetadataSuffix)
                ?? new SidecarDocument { Key = key, ContentType = "application/octet-stream" };
            var duration = measureDuration?.Invoke(partial);
            if (duration is { } measured)
            {
                document.Attributes["Duration"] = System.Xml.XmlConvert.ToString(measured);
            }

            SidecarFile.WriteDocument(finalPath + SidecarFile.MetadataSuffix, document);
            File.Move(partial, finalPath);
            File.Delete(finalPath + SidecarFile.JournalSuffix);
            File.Delete(finalPath + SidecarFile.PartialMetadataSuffix);
            _logger.LogWarning("Recovered partial segment {Key}: kept {Fragments} fragments, {Bytes} bytes, cut {Cut} bytes", key, fragments, committed, onDisk - committed);
            var segment = new RecoveredSegment(key, committed, fragments, onDisk - committed, duration);
            segments.Add(segment);
            recovered?.Invoke(segment, finalPath);
        }

        return segments;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ListedObject>> ListAsync(string keyDirectory, CancellationToken cancellationToken)
    {
        var directory = GetPath(keyDirectory.TrimEnd('/') + "/x")[..^2];
        var listed = new List<ListedObject>();
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory))
            {
                if (!SidecarFile.IsAuxiliary(file) && GetObjectInfo(ToKey(file)) is { } info)
                {
                    var duration = info.Attributes.TryGetValue("Duration", out var d) && d is not null ? System.Xml.XmlConvert.ToTimeSpan(d) : (TimeSpan?)null;
                    listed.Add(new ListedObject(info.Key, info.Length, duration));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<ListedObject>>(listed);
    }

    /// <summary>Keys of all complete objects, in ordinal order.</summary>
    public IReadOnlyList<string> ListKeys()
    {
        var keys = new List<string>();
        foreach (var file in Directory.EnumerateFiles(RootDirectory, "*", SearchOption.AllDirectories))
        {
            if (!SidecarFile.IsAuxiliary(file))
            {
                keys.Add(ToKey(file));
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>The complete object under <paramref name="key"/>, or null.</summary>
    public StoredObjectInfo? GetObjectInfo(string key)
    {
        var path = GetPath(key);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        var document = SidecarFile.TryRead(path + SidecarFile.MetadataSuffix) ?? new SidecarDocument { Key = key, ContentType = "application/octet-stream" };
        return new StoredObjectInfo(key, path, info.Length, document.ContentType, document.Attributes);
    }

    /// <summary>Deletes the object and its sidecar; returns the bytes freed (0 when absent).</summary>
    public long DeleteObject(string key)
    {
        var path = GetPath(key);
        var info = new FileInfo(path);
        long length = info.Exists ? info.Length : 0;
        File.Delete(path);
        File.Delete(path + SidecarFile.MetadataSuffix);
        lock (_layout)
        {
            RemoveEmptyDirectories(Path.GetDirectoryName(path)!);
        }

        return length;
    }

    /// <summary>Stops the group commit after a last commit of what is still open.</summary>
    public void Dispose() => _groupCommit?.Dispose();

    /// <summary>Absolute path of the data file for <paramref name="key"/>; rejects keys that would leave the root.</summary>
    public string GetPath(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        foreach (var element in key.Split('/'))
        {
            if (element.Length == 0 || element == "." || element == ".." || element.Contains('\\', StringComparison.Ordinal))
            {
                throw new ArgumentException($"key '{key}' has an empty, '.' or '..' path element", nameof(key));
            }
        }

        if (SidecarFile.IsAuxiliary(key))
        {
            throw new ArgumentException($"key '{key}' ends with a suffix reserved for the sink's own files", nameof(key));
        }

        return Path.Combine(RootDirectory, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private string ToKey(string path)
        => Path.GetRelativePath(RootDirectory, path).Replace(Path.DirectorySeparatorChar, '/');

    private static (int Fragments, long Committed) ReadJournal(string journalPath)
    {
        if (!File.Exists(journalPath))
        {
            return (0, 0);
        }

        var bytes = File.ReadAllBytes(journalPath);
        int records = bytes.Length / 8;
        long committed = 0;
        int valid = 0;
        for (int i = 0; i < records; i++)
        {
            long end = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i * 8, 8));
            if (end <= committed)
            {
                break;
            }

            committed = end;
            valid++;
        }

        return (valid, committed);
    }

    private static void DeleteFiles(string finalPath)
    {
        File.Delete(finalPath + SidecarFile.PartialSuffix);
        File.Delete(finalPath + SidecarFile.JournalSuffix);
        File.Delete(finalPath + SidecarFile.PartialMetadataSuffix);
    }

    private void RemoveEmptyDirectories(string directory)
    {
        while (directory.Length > RootDirectory.Length && directory.StartsWith(RootDirectory, StringComparison.Ordinal))
        {
            if (!Directory.Exists(directory) || Directory.EnumerateFileSystemEntries(directory).Any())
            {
                return;
            }

            try
            {
                Directory.Delete(directory);
            }
            catch (IOException)
            {
                return;
            }

            directory = Path.GetDirectoryName(directory)!;
        }
    }
}
