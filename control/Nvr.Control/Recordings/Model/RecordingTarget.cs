namespace Nvr.Control.Recordings.Model;

/// <summary>
/// The external-target part of a recording configuration (seed 5.3.1 and Annex B). <see cref="Override"/> is the
/// active OverrideSegmentDuration (5.24): shown in the configuration, not persisted, ignored by equality.
/// </summary>
public sealed record RecordingTarget(
    string Storage,
    string Format,
    string? Prefix,
    string? Postfix,
    TimeSpan? SpanDuration,
    TimeSpan SegmentDuration,
    IReadOnlyList<EncryptionEntry> Encryption,
    SegmentDurationOverride? Override = null)
{
    public bool Equals(RecordingTarget? other) =>
        other is not null && Storage == other.Storage && Format == other.Format && Prefix == other.Prefix &&
        Postfix == other.Postfix && SpanDuration == other.SpanDuration && SegmentDuration == other.SegmentDuration &&
        Encryption.SequenceEqual(other.Encryption);

    public override int GetHashCode() => HashCode.Combine(Storage, Format, Prefix, Postfix, SegmentDuration);
}
