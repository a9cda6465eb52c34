namespace Nvr.Control.Recordings.Model;

/// <summary>Event-triggered recording parameters of a job (seed 5.3.4).</summary>
public sealed record RecordingEventFilter(IReadOnlyList<EventFilterEntry> Filters, TimeSpan? Before, TimeSpan? After)
{
    public bool Equals(RecordingEventFilter? other) =>
        other is not null && Before == other.Before && After == other.After && Filters.SequenceEqual(other.Filters);

    public override int GetHashCode() => HashCode.Combine(Before, After, Filters.Count);
}
