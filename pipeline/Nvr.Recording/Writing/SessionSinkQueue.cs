using System.Collections.Concurrent;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Writing;

/// <summary>
/// A session's side of its storage's <see cref="SinkWriterThread"/>: the loop queues sink operations here (never
/// waiting), the writer thread executes them in order and hands the outcomes back (<see cref="TryTakeResult"/>:
/// segment stored or not, failures, span closed), waking the loop for each. The bytes queued and not yet written are
/// the session's backlog; above <c>maxBacklogBytes</c> the queue is <see cref="IsFull"/> and the loop takes no further
/// units until the writer thread brings it back under (then it wakes the loop), so the units wait in the session's
/// bounded hand-off and then the ingest's channel drops whole GOPs, counted — the thread that queued the media never
/// blocks and memory stays bounded.
/// </summary>
internal sealed class SessionSinkQueue
{
    private readonly ISegmentSink _sink;
    private readonly Nvr.Pipeline.Ingest.WriterLease? _lease;
    private readonly long _maxBacklogBytes;
    private readonly Action _wake;
    private readonly ConcurrentQueue<SinkResult> _results = new();
    private SinkWriterThread? _thread;
    private long _backlogBytes;
    private (ManualResetEventSlim Done, Action Set)? _flushed;

    public SessionSinkQueue(ISegmentSink sink, long maxBacklogBytes, Action wake, Nvr.Pipeline.Ingest.WriterLease? lease = null)
    {
        _lease = lease;
        _sink = sink;
        _maxBacklogBytes = Math.Max(0, maxBacklogBytes);
        _wake = wake;
    }

    /// <summary>Writer thread, before every sink call: the session may write (no lease, or the lease is held).</summary>
    public bool MayWrite => _lease is null || _lease.IsHeld;

    /// <summary>Writer thread only: a call of the current span was refused (lease not held), so its end object is not written.</summary>
    internal bool SpanFenced { get; set; }

    /// <summary>Bytes queued for the sink and not written yet.</summary>
    public long BacklogBytes => Volatile.Read(ref _backlogBytes);

    /// <summary>The backlog is over its bound: the loop takes no units (requests and outcomes still run).</summary>
    public bool IsFull => Volatile.Read(ref _backlogBytes) > _maxBacklogBytes;

    public bool HasResults => !_results.IsEmpty;

    /// <summary>Queues an operation (loop only); the first one starts or joins the storage's writer thread.</summary>
    public void Enqueue(in SinkOperation operation)
    {
        _thread ??= SinkWriterThread.Acquire(_sink);
        if (operation.Length > 0)
        {
            Interlocked.Add(ref _backlogBytes, operation.Length);
        }

        _thread.Enqueue(operation);
    }

    public bool TryTakeResult(out SinkResult result) => _results.TryDequeue(out result);

    /// <summary>
    /// Runs <paramref name="drained"/> on the writer thread once every operation queued before it is done (at once on
    /// the caller's thread when nothing was ever queued). It must be quick and must not block.
    /// </summary>
    public void Flush(Action drained)
    {
        if (_thread is null)
        {
            drained();
            return;
        }

        Enqueue(new SinkOperation(SinkOperationKind.Barrier, this, Barrier: drained));
    }

    /// <summary>Test/benchmark seam: blocks the caller until what was queued is done (never used by the loop).</summary>
    public void FlushSynchronously()
    {
        if (_thread is null)
        {
            return;
        }

        if (_flushed is null)
        {
            var done = new ManualResetEventSlim(); // never disposed: no kernel handle, and Set may still be returning
            _flushed = (done, done.Set);
        }

        _flushed.Value.Done.Reset();
        Flush(_flushed.Value.Set);
        _flushed.Value.Done.Wait();
    }

    /// <summary>The session is over (after a <see cref="Flush"/>): its lease on the writer thread is given back.</summary>
    public void Release()
    {
        _thread?.Release();
        _thread = null;
    }

    /// <summary>Writer thread: an operation ended; crossing back under the bound wakes the parked loop.</summary>
    internal void Done(int bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        long after = Interlocked.Add(ref _backlogBytes, -bytes);
        if (after <= _maxBacklogBytes && after + bytes > _maxBacklogBytes)
        {
            _wake();
        }
    }

    /// <summary>Writer thread: an outcome for the loop (applied there, in order).</summary>
    internal void Report(SinkResult result)
    {
        _results.Enqueue(result);
        _wake();
    }
}
