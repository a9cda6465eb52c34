namespace Nvr.Pipeline.Depacketizers;

/// <summary>What a depacketizer did with its packets. Written by the ingest thread, readable from any thread.</summary>
public sealed class DepacketizerCounters
{
    private long _emittedUnits;
    private long _droppedUnits;
    private long _malformedPackets;
    private long _discardedPackets;

    /// <summary>Access units handed to the sink.</summary>
    public long EmittedUnits => Volatile.Read(ref _emittedUnits);

    /// <summary>Access units not emitted: incomplete after loss, or video units skipped while waiting for a keyframe.</summary>
    public long DroppedUnits => Volatile.Read(ref _droppedUnits);

    /// <summary>Packets whose payload broke the payload format (bad sizes, unsupported packet types).</summary>
    public long MalformedPackets => Volatile.Read(ref _malformedPackets);

    /// <summary>Packets ignored because they belonged to a unit that was being dropped.</summary>
    public long DiscardedPackets => Volatile.Read(ref _discardedPackets);

    internal void Emitted() => Volatile.Write(ref _emittedUnits, _emittedUnits + 1);

    internal void Dropped() => Volatile.Write(ref _droppedUnits, _droppedUnits + 1);

    internal void Malformed() => Volatile.Write(ref _malformedPackets, _malformedPackets + 1);

    internal void Discarded() => Volatile.Write(ref _discardedPackets, _discardedPackets + 1);
}
