namespace Nvr.Pipeline.Ingest;

/// <summary>Packet-level counters of one stream. Written by the ingest, readable from any thread.</summary>
public sealed class StreamCounters
{
    private long _packets;
    private long _bytes;
    private long _lost;
    private long _reordered;
    private long _rejected;
    private long _senderReports;

    /// <summary>RTP packets accepted.</summary>
    public long Packets => Volatile.Read(ref _packets);

    /// <summary>RTP bytes accepted (whole packets).</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Packets missing from the sequence-number space.</summary>
    public long Lost => Volatile.Read(ref _lost);

    /// <summary>Packets that arrived late (after a later one) or twice; they are dropped.</summary>
    public long Reordered => Volatile.Read(ref _reordered);

    /// <summary>Datagrams/frames that were not RTP of this stream (bad version, wrong payload type).</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>RTCP sender reports received.</summary>
    public long SenderReports => Volatile.Read(ref _senderReports);

    internal void Packet(int size)
    {
        Volatile.Write(ref _packets, _packets + 1);
        Volatile.Write(ref _bytes, _bytes + size);
    }

    internal void AddLost(long count) => Volatile.Write(ref _lost, _lost + count);

    internal void Reorder() => Volatile.Write(ref _reordered, _reordered + 1);

    internal void Reject() => Volatile.Write(ref _rejected, _rejected + 1);

    internal void SenderReport() => Volatile.Write(ref _senderReports, _senderReports + 1);
}
