using System.Buffers;
using Nvr.Codecs.Fmp4;
using Nvr.Storage.Keys;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Writing;

/// <summary>
/// Bridges a segment writer (synchronous <see cref="ISegmentOutput"/>, called on the session loop) to an
/// <see cref="ISegmentSink"/>: names each segment with its Annex B key (first sample UTC, span counter = the writer's
/// segment sequence number), copies every fragment into one pooled buffer (the writer's pieces are valid only during
/// the call) and queues open, fragment writes and completion with the final B.9 Duration to the storage's
/// <see cref="SinkWriterThread"/> through <see cref="SessionSinkQueue"/>: the loop never waits for the sink. The
/// outcome (stored or aborted after a sink failure, counted and reported; the next segment tries again) reaches the
/// session as a <see cref="SinkResult"/>, in order.
/// </summary>
internal sealed class SinkSegmentOutput : ISegmentOutput
{
    private readonly SessionSinkQueue _queue;
    private readonly SpanKind _kind;
    private readonly string? _prefix;
    private readonly string? _postfix;
    private readonly Func<SegmentStarted, SegmentAttributes> _attributes;
    private readonly Func<IReadOnlyList<Nvr.Storage.Index.TrackParameters?>?> _parameters;
    private readonly IReadOnlyList<string> _tracks;
    private SinkSegment? _segment;
    private string? _key;

    public SinkSegmentOutput(
        SessionSinkQueue queue,
        SpanKind kind,
        string? prefix,
        string? postfix,
        IReadOnlyList<string> tracks,
        Func<SegmentStarted, SegmentAttributes> attributes,
        Func<IReadOnlyList<Nvr.Storage.Index.TrackParameters?>?> parameters)
    {
        _queue = queue;
        _kind = kind;
        _prefix = prefix;
        _postfix = postfix;
        _tracks = tracks;
        _attributes = attributes;
        _parameters = parameters;
    }

    public SpanKind Kind => _kind;

    /// <summary>Segments ended in this span (stored or not).</summary>
    public long SegmentCount { get; private set; }

    public DateTime FirstSampleUtc { get; private set; }

    public DateTime LastEndUtc { get; private set; }

    public long LastCounter { get; private set; } = -1;

    public void BeginSegment(SegmentStarted segment)
    {
        _key = ObjectKeyBuilder.Segment(_prefix, _postfix, segment.FirstSampleUtc, segment.SequenceNumber, _kind);
        if (SegmentCount == 0)
        {
            FirstSampleUtc = segment.FirstSampleUtc;
        }

        _segment = new SinkSegment();
        var metadata = new SegmentMetadata(_key, segment.ContentType, _attributes(segment));
        _queue.Enqueue(new SinkOperation(SinkOperationKind.Open, _queue, _segment, Metadata: metadata));
    }

    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        if (_segment is null)
        {
            return;
        }

        int length = 0;
        for (int i = 0; i < pieces.Count; i++)
        {
            length += pieces[i].Length;
        }

        if (length == 0)
        {
            return;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(length); // returned by the writer thread once written
        int at = 0;
        for (int i = 0; i < pieces.Count; i++)
        {
            pieces[i].Span.CopyTo(buffer.AsSpan(at));
            at += pieces[i].Length;
        }

        _queue.Enqueue(new SinkOperation(SinkOperationKind.Write, _queue, _segment, buffer, length));
    }

    public void EndSegment(SegmentEnded segment)
    {
        SegmentCount++;
        LastEndUtc = segment.EndUtc;
        LastCounter = segment.SequenceNumber;
        var completed = new SegmentCompleted(_key ?? string.Empty, _kind, _tracks, segment.FirstSampleUtc, segment.EndUtc, segment.ByteCount, Stored: false, _parameters());
        if (_segment is null)
        {
            return;
        }

        _queue.Enqueue(new SinkOperation(SinkOperationKind.Complete, _queue, _segment, Duration: segment.Duration, Completed: completed));
        _segment = null;
    }

    /// <summary>
    /// Queues the empty span end object (B.5) and, after it, the span's <see cref="SpanClosed"/> for the session;
    /// returns its key, or null when the span held no segment (nothing is queued then).
    /// </summary>
    public string? WriteSpanEnd(SpanCloseReason reason)
    {
        if (SegmentCount == 0)
        {
            return null;
        }

        string key = ObjectKeyBuilder.SpanEnd(_prefix, _postfix, LastEndUtc, LastCounter, _kind);
        var metadata = new SegmentMetadata(key, _kind.MediaType(), new SegmentAttributes());
        var closed = new SpanClosed(_kind, key, FirstSampleUtc, LastEndUtc, SegmentCount, reason);
        _queue.Enqueue(new SinkOperation(SinkOperationKind.SpanEnd, _queue, Metadata: metadata, Span: closed));
        return key;
    }
}
