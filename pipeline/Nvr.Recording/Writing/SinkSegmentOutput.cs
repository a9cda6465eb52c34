using Nvr.Codecs.Fmp4;
using Nvr.Storage.Keys;
using Nvr.Storage.Sinks;

namespace Nvr.Recording.Writing;

/// <summary>
/// Bridges a segment writer (synchronous <see cref="ISegmentOutput"/>) to an <see cref="ISegmentSink"/>: names
/// each segment with its Annex B key (first sample UTC, span counter = the writer's segment sequence number),
/// writes every fragment vectored and completes the object with its final B.9 Duration. The sink's calls are
/// awaited synchronously on the session loop (local writes complete synchronously; the spool writes locally too),
/// which is the backpressure towards ingest. A sink failure aborts the segment, is counted and reported; the
/// next segment tries again.
/// </summary>
internal sealed class SinkSegmentOutput : ISegmentOutput
{
    private readonly ISegmentSink _sink;
    private readonly SpanKind _kind;
    private readonly string? _prefix;
    private readonly string? _postfix;
    private readonly Func<SegmentStarted, SegmentAttributes> _attributes;
    private readonly Func<IReadOnlyList<Nvr.Storage.Index.TrackParameters?>?> _parameters;
    private readonly IReadOnlyList<string> _tracks;
    private readonly Action<SegmentCompleted> _completed;
    private readonly Action<Exception> _failed;
    private ISegmentWriter? _writer;
    private string? _key;
    private bool _failedSegment;

    public SinkSegmentOutput(
        ISegmentSink sink,
        SpanKind kind,
        string? prefix,
        string? postfix,
        IReadOnlyList<string> tracks,
        Func<SegmentStarted, SegmentAttributes> attributes,
        Func<IReadOnlyList<Nvr.Storage.Index.TrackParameters?>?> parameters,
        Action<SegmentCompleted> completed,
        Action<Exception> failed)
    {
        _sink = sink;
        _kind = kind;
        _prefix = prefix;
        _postfix = postfix;
        _tracks = tracks;
        _attributes = attributes;
        _parameters = parameters;
        _completed = completed;
        _failed = failed;
    }

    public SpanKind Kind => _kind;

    /// <summary>Segments ended in this span (stored or not).</summary>
    public long SegmentCount { get; private set; }

    public DateTime FirstSampleUtc { get; private set; }

    public DateTime LastEndUtc { get; private set; }

    public long LastCounter { get; private set; } = -1;

    public long StorageFailures { get; private set; }

    public void BeginSegment(SegmentStarted segment)
    {
        _failedSegment = false;
        _key = ObjectKeyBuilder.Segment(_prefix, _postfix, segment.FirstSampleUtc, segment.SequenceNumber, _kind);
        if (SegmentCount == 0)
        {
            FirstSampleUtc = segment.FirstSampleUtc;
        }

        try
        {
            var open = _sink.OpenSegmentAsync(new SegmentMetadata(_key, segment.ContentType, _attributes(segment)));
            _writer = open.IsCompletedSuccessfully ? open.Result : open.AsTask().GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        if (_writer is null || _failedSegment)
        {
            return;
        }

        try
        {
            var write = _writer.WriteFragmentAsync(pieces);
            if (!write.IsCompletedSuccessfully)
            {
                write.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    public void EndSegment(SegmentEnded segment)
    {
        bool stored = false;
        if (_writer is not null && !_failedSegment)
        {
            try
            {
                var complete = _writer.CompleteAsync(segment.Duration);
                if (!complete.IsCompletedSuccessfully)
                {
                    complete.AsTask().GetAwaiter().GetResult();
                }

                stored = true;
            }
            catch (Exception e)
            {
                Fail(e);
            }
        }

        DisposeWriter();
        SegmentCount++;
        LastEndUtc = segment.EndUtc;
        LastCounter = segment.SequenceNumber;
        _completed(new SegmentCompleted(_key ?? string.Empty, _kind, _tracks, segment.FirstSampleUtc, segment.EndUtc, segment.ByteCount, stored, _parameters()));
    }

    /// <summary>Writes the empty span end object (B.5); returns its key, or null when the span held no segment.</summary>
    public string? WriteSpanEnd()
    {
        if (SegmentCount == 0)
        {
            return null;
        }

        string key = ObjectKeyBuilder.SpanEnd(_prefix, _postfix, LastEndUtc, LastCounter, _kind);
        try
        {
            var write = _sink.WriteEmptyObjectAsync(new SegmentMetadata(key, _kind.MediaType(), new SegmentAttributes()));
            if (!write.IsCompletedSuccessfully)
            {
                write.AsTask().GetAwaiter().GetResult();
            }
        }
        catch (Exception e)
        {
            StorageFailures++;
            _failed(e);
        }

        return key;
    }

    private void Fail(Exception e)
    {
        StorageFailures++;
        _failedSegment = true;
        if (_writer is not null)
        {
            try
            {
                _writer.AbortAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // the sink is already failing; the abort is best effort
            }

            DisposeWriter();
        }

        _failed(e);
    }

    private void DisposeWriter()
    {
        if (_writer is not null)
        {
            _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _writer = null;
        }
    }
}
