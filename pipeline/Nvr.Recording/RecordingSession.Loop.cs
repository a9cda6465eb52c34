using Nvr.Recording.Session;

namespace Nvr.Recording;

/// <summary>
/// The session loop without a task of its own (issue 13: one thread wake-up per unit and camera was the appliance's
/// main CPU cost). Whoever queues a unit or a request runs the loop when no other thread runs it: a forwarding
/// ingest's reader right on its thread (inline, so a paced read of many cameras wakes no other thread), requests on
/// the thread pool. One thread at a time owns the loop (<c>_draining</c>); it handles everything queued, in order, then
/// gives the loop up and takes it back if more was queued meanwhile. The loop ends for ever when the session stops.
/// The loop never calls the sink: it queues the calls for the storage's writer thread (<see cref="Writing.SessionSinkQueue"/>)
/// and takes their outcomes back here; while that queue is over its bound the loop takes no units (backpressure).
/// </summary>
public sealed partial class RecordingSession
{
    private int _draining;
    private Exception? _loopFailure;

    /// <summary>Runs the loop (on this thread when <paramref name="inline"/>, else on the pool) unless another thread runs it.</summary>
    private void Schedule(bool inline)
    {
        if (Volatile.Read(ref _started) != 2 || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
        {
            return; // not started yet (Start runs it), or the owner sees what was queued before it gives the loop up
        }

        if (inline)
        {
            Drain();
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static session => session.Drain(), this, preferLocal: false);
        }
    }

    /// <summary>Owns the loop: handles all queued input and requests until there is none, or ends the session.</summary>
    private void Drain()
    {
        while (true)
        {
            HandleQueued();
            if (_stopping)
            {
                EndLoop(); // _draining stays set: nobody runs the loop again
                return;
            }

            Interlocked.Exchange(ref _draining, 0);
            if (!HasQueued() || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private bool HasQueued() => !_commands.IsEmpty || _sinkQueue.HasResults || (!_sinkQueue.IsFull && _handOff.Reader.TryPeek(out _));

    private void HandleQueued()
    {
        try
        {
            var reader = _handOff.Reader;
            while (!_stopping && reader.TryPeek(out _))
            {
                if (_sinkQueue.IsFull)
                {
                    // the storage is behind: units wait in the hand-off (then the ingest drops whole GOPs); the
                    // writer thread wakes the loop when the backlog is under its bound again
                    Interlocked.Increment(ref _sinkBacklogWaits);
                    break;
                }

                if (!reader.TryRead(out var input))
                {
                    break;
                }

                RunCommands();
                if (input.Unit is { } unit)
                {
                    if (_stopping)
                    {
                        unit.Release();
                    }
                    else
                    {
                        OnUnit(unit, input.Source);
                    }
                }
                else if (input.SourceEnded)
                {
                    OnSourceEnded(input.Source, input.Error);
                }
            }

            RunCommands();
        }
        catch (Exception e)
        {
            _loopFailure = e;
            _stopping = true;
        }
    }

    private void EndLoop()
    {
        try
        {
            StopForwarding();
            _stopPumps.Cancel();
            _handOff.Writer.TryComplete();
            while (_handOff.Reader.TryRead(out var left))
            {
                left.Unit?.Release();
            }
        }
        catch (Exception e)
        {
            _loopFailure ??= e;
        }

        // the session is complete when its last objects are written and their outcomes raised (after the writer thread
        // did everything queued before this point; the outcomes are applied on the pool, not on that thread)
        _sinkQueue.Flush(() => ThreadPool.UnsafeQueueUserWorkItem(static session => session.FinishEnd(), this, preferLocal: false));
    }

    private void FinishEnd()
    {
        try
        {
            ApplySinkResults();
        }
        catch (Exception e)
        {
            _loopFailure ??= e;
        }

        _sinkQueue.Release();
        if (_loopFailure is { } failure)
        {
            _completion.TrySetException(failure);
        }
        else
        {
            _completion.TrySetResult();
        }
    }

    /// <summary>Outcomes of the sink operations (writer thread), in order: segment stored or not, failures, span closed.</summary>
    private void ApplySinkResults()
    {
        while (_sinkQueue.TryTakeResult(out var result))
        {
            if (result.Failure is { } failure)
            {
                OnStorageFailed(failure);
            }
            else if (result.Segment is { } segment)
            {
                OnSegmentCompleted(segment);
            }
            else if (result.Span is { } span)
            {
                _spansClosed++;
                SpanClosed?.Invoke(span);
            }
        }
    }
}
