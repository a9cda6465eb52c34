namespace Nvr.Pipeline.Ingest;

/// <summary>A snapshot of an ingest's counters, summed over its streams.</summary>
public sealed record IngestStatistics(
    long Packets,
    long Bytes,
    long LostPackets,
    long ReorderedPackets,
    long RejectedPackets,
    long MalformedPackets,
    long EmittedUnits,
    long DroppedUnits,
    long ChannelDroppedUnits,
    long ChannelDroppedGops,
    long SenderReports);
