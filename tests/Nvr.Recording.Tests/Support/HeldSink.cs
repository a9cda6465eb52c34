using System.Collections.Concurrent;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Tests.Support;

/// <summary>
/// A sink slower than any disk: every call blocks the calling thread (as a local sink's write and fsync do) until
/// <see cref="Release"/>, then stores into a <see cref="MemorySink"/>. Records which threads called it.
/// </summary>
public sealed class HeldSink : ISegmentSink
{
    private readonly ManualResetEventSlim _released = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MemorySink Inner { get; } = new();

    /// <summary>Managed thread ids of every call into the sink.</summary>
    public ConcurrentBag<int> CallingThreads { get; } = [];

    /// <summary>Completes when the first call is blocked in the sink.</summary>
    public Task Entered => _entered.Task;

    public bool IsHeld => !_released.IsSet;

    public void Release() => _released.Set();

    public async ValueTask<ISegmentWriter> OpenSegmentAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default)
    {
        Hold();
        return new Writer(this, await Inner.OpenSegmentAsync(metadata, cancellationToken));
    }

    public ValueTask WriteEmptyObjectAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default)
    {
        Hold();
        return Inner.WriteEmptyObjectAsync(metadata, cancellationToken);
    }

    private void Hold()
    {
        CallingThreads.Add(Environment.CurrentManagedThreadId);
        _entered.TrySetResult();
        _released.Wait();
    }

    private sealed class Writer(HeldSink sink, ISegmentWriter inner) : ISegmentWriter
    {
        public SegmentMetadata Metadata => inner.Metadata;

        public long Length => inner.Length;

        public ValueTask WriteFragmentAsync(IReadOnlyList<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken = default)
        {
            sink.Hold();
            return inner.WriteFragmentAsync(chunks, cancellationToken);
        }

        public ValueTask CompleteAsync(TimeSpan? finalDuration = null, CancellationToken cancellationToken = default)
        {
            sink.Hold();
            return inner.CompleteAsync(finalDuration, cancellationToken);
        }

        public ValueTask AbortAsync(CancellationToken cancellationToken = default) => inner.AbortAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
