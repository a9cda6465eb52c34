namespace Nvr.Pipeline.Depacketizers;

/// <summary>What a depacketizer did with its packets. Written by the ingest thread, readable from any thread.</summary>
public sealed class DepacketizerCounters
{
    private long emittedUnits;
    private long droppedUnits;
    private long malformedPackets;
    private long discardedPackets;

    /// <summary>Access units handed to the sink.</summary>
    public long EmittedUnits => Volatile.Read(ref emittedUnits);

    /// <summary>Access units not emitted: incomplete after loss, or video units skipped while waiting for a keyframe.</summary>
    public long DroppedUnits => Volatile.Read(ref droppedUnits);

    /// <summary>Packets whose payload broke the payload format (bad sizes, unsupported packet types).</summary>
    public long MalformedPackets => Volatile.Read(ref malformedPackets);

    /// <summary>Packets ignored because they belonged to a unit that was being dropped.</summary>
    public long DiscardedPackets => Volatile.Read(ref discardedPackets);

    internal void Emitted() => Volatile.Write(ref emittedUnits, emittedUnits + 1);

    internal void Dropped() => Volatile.Write(ref droppedUnits, droppedUnits + 1);

    internal void Malformed() => Volatile.Write(ref malformedPackets, malformedPackets + 1);

    internal void Discarded() => Volatile.Write(ref discardedPackets, discardedPackets + 1);
}
