namespace Nvr.Pipeline.Ingest;

/// <summary>Packet-level counters of one stream. Written by the ingest, readable from any thread.</summary>
public sealed class StreamCounters
{
    private long packets;
    private long bytes;
    private long lost;
    private long reordered;
    private long rejected;
    private long senderReports;

    /// <summary>RTP packets accepted.</summary>
    public long Packets => Volatile.Read(ref packets);

    /// <summary>RTP bytes accepted (whole packets).</summary>
    public long Bytes => Volatile.Read(ref bytes);

    /// <summary>Packets missing from the sequence-number space.</summary>
    public long Lost => Volatile.Read(ref lost);

    /// <summary>Packets that arrived late (after a later one) or twice; they are dropped.</summary>
    public long Reordered => Volatile.Read(ref reordered);

    /// <summary>Datagrams/frames that were not RTP of this stream (bad version, wrong payload type).</summary>
    public long Rejected => Volatile.Read(ref rejected);

    /// <summary>RTCP sender reports received.</summary>
    public long SenderReports => Volatile.Read(ref senderReports);

    internal void Packet(int size)
    {
        Volatile.Write(ref packets, packets + 1);
        Volatile.Write(ref bytes, bytes + size);
    }

    internal void AddLost(long count) => Volatile.Write(ref lost, lost + count);

    internal void Reorder() => Volatile.Write(ref reordered, reordered + 1);

    internal void Reject() => Volatile.Write(ref rejected, rejected + 1);

    internal void SenderReport() => Volatile.Write(ref senderReports, senderReports + 1);
}
