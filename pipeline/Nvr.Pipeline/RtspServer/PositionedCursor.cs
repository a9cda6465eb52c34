using System.Runtime.ExceptionServices;

namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// A replay cursor positioned before the PLAY reply is written, so that the reply can name the time actually played
/// (RFC 2326 §10.5): the first frame the play loop will send (of a set-up stream; a video clean point with
/// <c>Frames: intra</c>) is read ahead and given to the loop again first. A failed read is kept and thrown at the
/// loop's first read, which stops the replay as it did before.
/// </summary>
internal sealed class PositionedCursor : IReplayCursor
{
    private readonly IReplayCursor _inner;
    private bool _pending;
    private ExceptionDispatchInfo? _error;

    private PositionedCursor(IReplayCursor inner) => _inner = inner;

    /// <summary>UTC of the first frame to be sent, null when not positioned or nothing follows.</summary>
    public DateTime? FirstUtc { get; private set; }

    public ServedFrame Current => _inner.Current;

    public static async ValueTask<PositionedCursor> OpenAsync(RtspServerSession session, PlayRequest play, DateTime? start, bool positionFirst, CancellationToken cancellationToken)
    {
        var cursor = new PositionedCursor(session.Source.Open(start, cancellationToken));
        if (!positionFirst)
        {
            return cursor;
        }

        try
        {
            while (await cursor._inner.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var frame = cursor._inner.Current;
                if (session.StreamOf(frame) is { } stream && (play.Frames != FramesMode.Intra || RtspServerSession.IsIntraFrame(stream, frame)))
                {
                    cursor._pending = true;
                    cursor.FirstUtc = frame.Utc;
                    break;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or OperationCanceledException)
        {
            cursor._error = ExceptionDispatchInfo.Capture(e);
        }

        return cursor;
    }

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (_error is { } error)
        {
            _error = null;
            error.Throw();
        }

        if (_pending)
        {
            _pending = false;
            return ValueTask.FromResult(true);
        }

        return _inner.ReadAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
