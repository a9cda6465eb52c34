namespace Nvr.Storage.Local;

/// <summary>
/// A segment left partial by a crash and finalized by <see cref="LocalDiskSink.RecoverPartialSegments"/>, or abandoned by
/// its writer and finalized while running (<see cref="Sinks.IRecoverableSegmentWriter.RecoverAsync"/>).
/// </summary>
/// <param name="Key">Object key the segment now has.</param>
/// <param name="Length">Bytes kept: everything up to the end of the last durable fragment.</param>
/// <param name="FragmentCount">Number of complete fragments kept.</param>
/// <param name="DiscardedBytes">Bytes after the last durable fragment that were cut off (a torn write).</param>
/// <param name="Duration">The media time of the cut file, stored as its Duration attribute (null: not measured).</param>
public sealed record RecoveredSegment(string Key, long Length, int FragmentCount, long DiscardedBytes, TimeSpan? Duration = null);
