using System.Buffers;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Writing;

/// <summary>
/// The one thread that talks to a storage's sink (one per <see cref="ISegmentSink"/> instance, i.e. per storage, shared
/// by every recording session writing there): segment opens, fragment writes, completions (the fsync), aborts and span
/// end objects run here, in the order the sessions queued them, never on the thread that queued them (an ingest's
/// read-pacer tick serving up to 64 cameras, or a pool thread). Local sinks block while they write: that blocking is
/// this thread's alone, and a session whose operations pile up here stops taking units (see
/// <see cref="SessionSinkQueue"/>: the backpressure). A sink that completes asynchronously is awaited, never waited
/// for: the thread runs an async loop under its own single-thread <see cref="SynchronizationContext"/>, so every
/// continuation comes back to it and the next operation starts only when the previous one ended.
/// The thread exists while a session holds a lease (<see cref="Acquire"/> / <see cref="Release"/>); after the last
/// release it finishes what was queued and ends.
/// </summary>
internal sealed class SinkWriterThread
{
    private static readonly Lock RegistryLock = new();
    private static readonly Dictionary<ISegmentSink, SinkWriterThread> Threads = new(ReferenceEqualityComparer.Instance);

    private readonly ISegmentSink _sink;
    private readonly object _gate = new();
    private readonly Queue<SinkOperation> _operations = new(64);
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();
    private readonly ReadOnlyMemory<byte>[] _chunks = new ReadOnlyMemory<byte>[1];
    private int _leases;
    private bool _busy;
    private bool _retired;

    private SinkWriterThread(ISegmentSink sink)
    {
        _sink = sink;
    }

    /// <summary>The writer thread of <paramref name="sink"/> (started if none runs), with one more lease on it.</summary>
    public static SinkWriterThread Acquire(ISegmentSink sink)
    {
        lock (RegistryLock)
        {
            if (!Threads.TryGetValue(sink, out var thread))
            {
                thread = new SinkWriterThread(sink);
                Threads[sink] = thread;
                new Thread(thread.Run) { IsBackground = true, Name = "nvr-sink-writer" }.Start();
            }

            lock (thread._gate)
            {
                thread._leases++;
            }

            return thread;
        }
    }

    /// <summary>Gives a lease back; after the last one the thread ends once what was queued is done.</summary>
    public void Release()
    {
        lock (RegistryLock)
        {
            lock (_gate)
            {
                if (--_leases > 0)
                {
                    return;
                }

                _retired = true;
                Monitor.Pulse(_gate);
            }

            if (Threads.TryGetValue(_sink, out var current) && ReferenceEquals(current, this))
            {
                Threads.Remove(_sink); // a later Acquire starts a new thread
            }
        }
    }

    /// <summary>Queues one operation (never blocks, never does I/O on the caller's thread).</summary>
    public void Enqueue(in SinkOperation operation)
    {
        lock (_gate)
        {
            _operations.Enqueue(operation);
            Monitor.Pulse(_gate);
        }
    }

    private void Post(SendOrPostCallback callback, object? state)
    {
        lock (_gate)
        {
            _posted.Enqueue((callback, state));
            Monitor.Pulse(_gate);
        }
    }

    private void Run()
    {
        SynchronizationContext.SetSynchronizationContext(new ThreadContext(this));
        while (true)
        {
            SendOrPostCallback? callback = null;
            object? state = null;
            SinkOperation operation;
            lock (_gate)
            {
                while (true)
                {
                    if (_posted.TryDequeue(out var posted))
                    {
                        (callback, state) = posted;
                        operation = default;
                        break;
                    }

                    if (!_busy && _operations.TryDequeue(out operation))
                    {
                        _busy = true;
                        break;
                    }

                    if (!_busy && _retired)
                    {
                        return;
                    }

                    Monitor.Wait(_gate); // idle: nothing queued (this thread has nothing else to do)
                }
            }

            if (callback is not null)
            {
                callback(state); // the continuation of an operation whose sink call completed asynchronously
            }
            else
            {
                _ = ExecuteAsync(operation); // ends (clearing _busy) here or in a posted continuation
            }
        }
    }

    private async Task ExecuteAsync(SinkOperation operation)
    {
        var owner = operation.Owner;
        try
        {
            switch (operation.Kind)
            {
                case SinkOperationKind.Open:
                    await OpenAsync(operation).ConfigureAwait(true); // continue on this thread (its context)
                    break;
                case SinkOperationKind.Write:
                    await WriteAsync(operation).ConfigureAwait(true);
                    break;
                case SinkOperationKind.Complete:
                    await CompleteAsync(operation).ConfigureAwait(true);
                    break;
                case SinkOperationKind.SpanEnd:
                    await SpanEndAsync(operation).ConfigureAwait(true);
                    break;
                case SinkOperationKind.Barrier:
                    operation.Barrier!();
                    break;
            }
        }
        catch (Exception e)
        {
            owner.Report(new SinkResult(Failure: e)); // a bug of ours rather than the sink's: reported, the thread goes on
        }
        finally
        {
            owner.Done(operation.Length);
            lock (_gate)
            {
                _busy = false;
            }
        }
    }

    private async Task OpenAsync(SinkOperation operation)
    {
        var segment = operation.Segment!;
        if (!operation.Owner.MayWrite)
        {
            Fence(operation.Owner, segment);
            return;
        }

        try
        {
            segment.Writer = await _sink.OpenSegmentAsync(operation.Metadata!).ConfigureAwait(true);
        }
        catch (Exception e)
        {
            await FailAsync(operation.Owner, segment, e).ConfigureAwait(true);
        }
    }

    private async Task WriteAsync(SinkOperation operation)
    {
        var segment = operation.Segment!;
        try
        {
            if (!segment.Fenced && !operation.Owner.MayWrite)
            {
                Fence(operation.Owner, segment);
            }

            if (segment.Writer is { } writer && !segment.Failed && !segment.Fenced)
            {
                _chunks[0] = new ReadOnlyMemory<byte>(operation.Buffer, 0, operation.Length);
                await writer.WriteFragmentAsync(_chunks).ConfigureAwait(true);
            }
        }
        catch (Exception e)
        {
            await FailAsync(operation.Owner, segment, e).ConfigureAwait(true);
        }
        finally
        {
            _chunks[0] = default;
            ArrayPool<byte>.Shared.Return(operation.Buffer!);
        }
    }

    /// <summary>Completes the object (never one that saw a failure: nothing half-written is presented as complete).</summary>
    private async Task CompleteAsync(SinkOperation operation)
    {
        var segment = operation.Segment!;
        bool stored = false;
        if (!segment.Fenced && !operation.Owner.MayWrite)
        {
            Fence(operation.Owner, segment);
        }

        if (segment.Fenced && !segment.Failed && segment.Writer is IRecoverableSegmentWriter abandoned)
        {
            await RecoverAsync(operation, abandoned).ConfigureAwait(true);
            return;
        }

        if (segment.Writer is { } writer && !segment.Failed && !segment.Fenced)
        {
            try
            {
                await writer.CompleteAsync(operation.Duration).ConfigureAwait(true);
                stored = true;
            }
            catch (Exception e)
            {
                await FailAsync(operation.Owner, segment, e).ConfigureAwait(true);
            }
        }

        await DisposeWriterAsync(segment).ConfigureAwait(true);
        operation.Owner.Report(new SinkResult(Segment: operation.Completed! with { Stored = stored }));
    }

    /// <summary>
    /// The segment the lease cut, recovered now as the sink's crash recovery would recover it at the next start: cut
    /// at its last fragment written (every one of them passed the lease check: nothing written after the loss is in
    /// it), finalized under its key and, for S3, queued for upload; reported stored with the end of the media it holds,
    /// so it is indexed like any completed segment. Unmeasurable (no sample the reader accepts): finalized, not indexed.
    /// </summary>
    private async Task RecoverAsync(SinkOperation operation, IRecoverableSegmentWriter abandoned)
    {
        var segment = operation.Segment!;
        var completed = operation.Completed! with { Stored = false };
        try
        {
            var recovered = await abandoned.RecoverAsync(MeasureDuration).ConfigureAwait(true);
            if (recovered is { Duration: { } duration })
            {
                completed = completed with { EndUtc = completed.StartUtc + duration, Bytes = recovered.Length, Stored = true, Recovered = true };
            }
        }
        catch (Exception e)
        {
            await FailAsync(operation.Owner, segment, e).ConfigureAwait(true);
        }

        await DisposeWriterAsync(segment).ConfigureAwait(true);
        operation.Owner.Report(new SinkResult(Segment: completed));
    }

    private static TimeSpan? MeasureDuration(string path)
    {
        try
        {
            return Nvr.Codecs.Fmp4.FragmentedMp4Timing.MediaDuration(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task SpanEndAsync(SinkOperation operation)
    {
        var owner = operation.Owner;
        if (owner.SpanFenced || !owner.MayWrite)
        {
            owner.SpanFenced = false; // a fenced span ends as a crash ends it: no end object (the next span starts clean)
            owner.Report(new SinkResult(Span: operation.Span));
            return;
        }

        try
        {
            await _sink.WriteEmptyObjectAsync(operation.Metadata!).ConfigureAwait(true);
        }
        catch (Exception e)
        {
            operation.Owner.Report(new SinkResult(Failure: e));
        }

        operation.Owner.Report(new SinkResult(Span: operation.Span));
    }

    /// <summary>
    /// The writer lease is not held: nothing more of the segment is written and it is never completed as the session
    /// ended it; when the session ends it, it is recovered at its last fragment written (<see cref="RecoverAsync"/>), or,
    /// on a sink that cannot recover while running, its writer is disposed (the partial object stays as after a crash).
    /// No I/O here: the check is per call.
    /// </summary>
    private static void Fence(SessionSinkQueue owner, SinkSegment segment)
    {
        segment.Fenced = true;
        owner.SpanFenced = true;
    }

    /// <summary>A sink failure aborts the segment (best effort), is reported, and the segment's later operations are skipped.</summary>
    private static async Task FailAsync(SessionSinkQueue owner, SinkSegment segment, Exception error)
    {
        segment.Failed = true;
        if (segment.Writer is { } writer)
        {
            try
            {
                await writer.AbortAsync().ConfigureAwait(true);
            }
            catch (Exception)
            {
                // the sink is already failing; the abort is best effort
            }

            await DisposeWriterAsync(segment).ConfigureAwait(true);
        }

        owner.Report(new SinkResult(Failure: error));
    }

    private static async Task DisposeWriterAsync(SinkSegment segment)
    {
        if (segment.Writer is { } writer)
        {
            segment.Writer = null;
            try
            {
                await writer.DisposeAsync().ConfigureAwait(true);
            }
            catch (Exception)
            {
                // disposing releases the file; a failure here changes nothing the session can act on
            }
        }
    }

    /// <summary>Sends every continuation back to the writer thread.</summary>
    private sealed class ThreadContext(SinkWriterThread owner) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => owner.Post(d, state);

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("the sink writer thread does not wait for itself");

        public override SynchronizationContext CreateCopy() => this;
    }
}
