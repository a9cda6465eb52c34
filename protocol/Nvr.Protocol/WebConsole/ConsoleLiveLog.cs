namespace Nvr.Protocol.WebConsole;

/// <summary>One fragment a live stream sent: the stream's byte count once it was written, and when its frame reached the appliance.</summary>
public readonly record struct LiveFragmentSent(long EndByte, DateTimeOffset FrameArrival);

/// <summary>
/// What the console's live streams sent, kept for measuring latency from outside: per stream (id in the
/// <c>X-Live-Stream</c> header) the last <see cref="Capacity"/> fragments with the arrival time of their frame. A page
/// that notes when its buffer held how many bytes tells, with this, how long each frame took from the appliance to
/// the browser's buffer. Preallocated rings (no allocation per frame); the last <see cref="Streams"/> streams are kept.
/// </summary>
public sealed class ConsoleLiveLog
{
    public const int Capacity = 4096;
    public const int Streams = 8;
    private readonly Lock _lock = new();
    private readonly LinkedList<(string Id, LiveFragmentSent[] Ring, long[] Count)> _streams = new();

    /// <summary>A new stream's log.</summary>
    public Action<LiveFragmentSent> Open(string id)
    {
        var ring = new LiveFragmentSent[Capacity];
        var count = new long[1];
        lock (_lock)
        {
            _streams.AddLast((id, ring, count));
            if (_streams.Count > Streams)
            {
                _streams.RemoveFirst();
            }
        }

        return sent =>
        {
            lock (_lock)
            {
                ring[count[0] % Capacity] = sent;
                count[0]++;
            }
        };
    }

    /// <summary>The fragments the stream sent (the last <see cref="Capacity"/>), oldest first; empty for an unknown stream.</summary>
    public IReadOnlyList<LiveFragmentSent> Of(string id)
    {
        lock (_lock)
        {
            foreach (var (streamId, ring, count) in _streams)
            {
                if (streamId == id)
                {
                    var n = (int)Math.Min(count[0], Capacity);
                    return [.. Enumerable.Range(0, n).Select(i => ring[(count[0] - n + i) % Capacity])];
                }
            }

            return [];
        }
    }
}
