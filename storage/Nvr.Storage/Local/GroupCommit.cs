using System.Runtime.InteropServices;

namespace Nvr.Storage.Local;

/// <summary>
/// Group commit of a local storage: instead of two flushes per fragment per open segment, one dedicated thread makes
/// every open segment of the storage's file system durable once per <see cref="Interval"/>: (1) note each writer's
/// written length, (2) sync the file system once (<c>syncfs</c> on Linux; elsewhere a flush per data file), (3) append
/// each writer's noted length to its fragment journal, (4) sync once more. A journal record therefore never names a
/// byte that was not durable before it was written, and the recovery point is the last completed commit: a crash
/// (kill -9 or power loss) loses at most the last <see cref="Interval"/> plus one commit's duration of media; what
/// recovery keeps always ends on a fragment boundary. Syncs per second are 2 / Interval whatever the number of
/// cameras. The blocking sync runs on this thread only (no pool thread waits on the disk).
/// </summary>
public sealed partial class GroupCommit : IDisposable
{
    private const int ReadOnly = 0;
    private readonly Lock _lock = new();
    private readonly HashSet<LocalSegmentWriter> _writers = [];
    private readonly List<(LocalSegmentWriter Writer, long Length)> _noted = [];
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread? _thread;
    private readonly int _directoryFd = -1;
    private volatile bool _stopping;
    private static long AllSyncs;
    private long _syncs;
    private long _commits;
    private long _journalFailures;

    /// <param name="directory">A directory on the file system to commit (the storage root).</param>
    /// <param name="interval">Time between commits; <see cref="Timeout.InfiniteTimeSpan"/> commits only on <see cref="CommitNow"/> (tests).</param>
    public GroupCommit(string directory, TimeSpan interval)
    {
        Interval = interval;
        if (OperatingSystem.IsLinux())
        {
            _directoryFd = Open(directory, ReadOnly);
        }

        if (interval != Timeout.InfiniteTimeSpan)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "nvr-group-commit" };
            _thread.Start();
        }
    }

    /// <summary>The default interval: one commit per second (the fragment duration of Annex B segments).</summary>
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromSeconds(1);

    public TimeSpan Interval { get; }

    /// <summary>File-system syncs issued so far (syncfs calls, or per-file flushes where syncfs is unavailable).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>File-system syncs of every group commit of the process (the load harness reports syncs/s).</summary>
    public static long TotalSyncs => Interlocked.Read(ref AllSyncs);

    /// <summary>Commits completed so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Journal records that could not be written (full or failing disk); those segments' recovery points did not advance.</summary>
    public long JournalFailures => Interlocked.Read(ref _journalFailures);

    /// <summary>Open segments waiting for commits.</summary>
    public int OpenSegments
    {
        get
        {
            lock (_lock)
            {
                return _writers.Count;
            }
        }
    }

    /// <summary>Runs one commit on the calling thread (the commit thread's work; tests call it directly).</summary>
    public void CommitNow()
    {
        lock (_lock)
        {
            _noted.Clear();
            foreach (var writer in _writers)
            {
                _noted.Add((writer, writer.Length));
            }
        }

        if (_noted.Count == 0)
        {
            return;
        }

        SyncData();
        foreach (var (writer, length) in _noted)
        {
            try
            {
                writer.Journal(length);
            }
            catch (IOException)
            {
                // a full or failing disk: this segment's recovery point stays where it was (its own writes fail
                // and are reported by its session); the commit thread must never end on it
                Interlocked.Increment(ref _journalFailures);
            }
        }

        SyncJournals();
        Interlocked.Increment(ref _commits);
    }

    public void Dispose()
    {
        _stopping = true;
        _wake.Set();
        _thread?.Join();
        CommitNow(); // what is still open is committed once more before the storage goes away
        if (_directoryFd >= 0)
        {
            _ = Close(_directoryFd);
        }

        _wake.Dispose();
    }

    internal void Register(LocalSegmentWriter writer)
    {
        lock (_lock)
        {
            _writers.Add(writer);
        }
    }

    internal void Unregister(LocalSegmentWriter writer)
    {
        lock (_lock)
        {
            _writers.Remove(writer);
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            _wake.WaitOne(Interval);
            if (_stopping)
            {
                return;
            }

            CommitNow();
        }
    }

    private void SyncData()
    {
        if (_directoryFd >= 0)
        {
            _ = SyncFs(_directoryFd);
            Counted();
            return;
        }

        foreach (var (writer, _) in _noted)
        {
            writer.FlushData();
            Counted();
        }
    }

    private void SyncJournals()
    {
        if (_directoryFd >= 0)
        {
            _ = SyncFs(_directoryFd);
            Counted();
            return;
        }

        foreach (var (writer, _) in _noted)
        {
            writer.FlushJournal();
            Counted();
        }
    }

    private void Counted()
    {
        Interlocked.Increment(ref _syncs);
        Interlocked.Increment(ref AllSyncs);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
