using Nvr.Storage.Local;
using Nvr.Storage.Sinks;

namespace Nvr.Storage.Spool;

/// <summary>Writes a segment into the spool directory and queues it for upload when completed.</summary>
internal sealed class SpooledSegmentWriter(ISegmentWriter local, SpoolingSink spool) : IRecoverableSegmentWriter
{
    private bool _finished;

    public SegmentMetadata Metadata => local.Metadata;

    public long Length => local.Length;

    /// <summary>
    /// Writes to the spool file and counts the bytes spooled. Never waits: a local write that completed is handed back
    /// to the caller (who consumes it), one still running is awaited by a continuation that counts afterwards.
    /// </summary>
    public ValueTask WriteFragmentAsync(IReadOnlyList<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken = default)
    {
        long before = local.Length;
        var pending = local.WriteFragmentAsync(chunks, cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitAndCountAsync(pending, before);
        }

        spool.OnBytesSpooled(local.Length - before);
        return pending;
    }

    private async ValueTask AwaitAndCountAsync(ValueTask pending, long before)
    {
        await pending.ConfigureAwait(false);
        spool.OnBytesSpooled(local.Length - before);
    }

    public async ValueTask CompleteAsync(TimeSpan? finalDuration = null, CancellationToken cancellationToken = default)
    {
        await local.CompleteAsync(finalDuration, cancellationToken).ConfigureAwait(false);
        _finished = true;
        spool.OnCompleted(Metadata.Key, local.Length);
    }

    /// <summary>
    /// The abandoned segment, finalized in the spool as the spool's start would recover it (cut at its last fragment
    /// written, see <see cref="IRecoverableSegmentWriter"/>) and queued for upload in completion order; its bytes were
    /// counted as they were spooled. A segment without a fragment is deleted and uncounted.
    /// </summary>
    public async ValueTask<RecoveredSegment?> RecoverAsync(Func<string, TimeSpan?>? measureDuration, CancellationToken cancellationToken = default)
    {
        if (local is not IRecoverableSegmentWriter recoverable)
        {
            throw new NotSupportedException("the spool's local writer cannot recover a segment");
        }

        long length = local.Length;
        var recovered = await recoverable.RecoverAsync(measureDuration, cancellationToken).ConfigureAwait(false);
        _finished = true;
        if (recovered is null)
        {
            spool.OnBytesSpooled(-length);
        }
        else
        {
            spool.OnCompleted(Metadata.Key, recovered.Length);
        }

        return recovered;
    }

    public async ValueTask AbortAsync(CancellationToken cancellationToken = default)
    {
        long length = local.Length;
        await local.AbortAsync(cancellationToken).ConfigureAwait(false);
        _finished = true;
        spool.OnBytesSpooled(-length);
    }

    public async ValueTask DisposeAsync()
    {
        await local.DisposeAsync().ConfigureAwait(false);
        if (!_finished)
        {
            // Abandoned: the partial file stays in the spool and is recovered and uploaded on the next start.
            _finished = true;
        }
    }
}
