using System.Collections.Concurrent;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Tests.Support;

/// <summary>In-memory sink for unit tests: keeps every completed object's bytes, metadata and final duration.</summary>
public sealed class MemorySink : ISegmentSink
{
    public ConcurrentDictionary<string, StoredObject> Objects { get; } = new(StringComparer.Ordinal);

    public List<string> Order { get; } = [];

    public bool FailWrites { get; set; }

    public ValueTask<ISegmentWriter> OpenSegmentAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ISegmentWriter>(new Writer(this, metadata));

    public ValueTask WriteEmptyObjectAsync(SegmentMetadata metadata, CancellationToken cancellationToken = default)
    {
        Add(new StoredObject(metadata, [], null));
        return ValueTask.CompletedTask;
    }

    private void Add(StoredObject o)
    {
        lock (Order)
        {
            Order.Add(o.Metadata.Key);
        }

        Objects[o.Metadata.Key] = o;
    }

    private sealed class Writer(MemorySink sink, SegmentMetadata metadata) : ISegmentWriter
    {
        private readonly MemoryStream _data = new();

        public SegmentMetadata Metadata => metadata;

        public long Length => _data.Length;

        public ValueTask WriteFragmentAsync(IReadOnlyList<ReadOnlyMemory<byte>> chunks, CancellationToken cancellationToken = default)
        {
            if (sink.FailWrites)
            {
                throw new IOException("disk full (test)");
            }

            foreach (var c in chunks)
            {
                _data.Write(c.Span);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask CompleteAsync(TimeSpan? finalDuration = null, CancellationToken cancellationToken = default)
        {
            sink.Add(new StoredObject(metadata, _data.ToArray(), finalDuration));
            return ValueTask.CompletedTask;
        }

        public ValueTask AbortAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
