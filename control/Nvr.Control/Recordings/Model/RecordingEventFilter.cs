using Nvr.Recording.Triggers;

namespace Nvr.Control.Recordings.Model;

/// <summary>Event-triggered recording parameters of a job (seed 5.3.4).</summary>
public sealed record RecordingEventFilter(IReadOnlyList<EventFilterEntry> Filters, TimeSpan? Before, TimeSpan? After)
{
    public bool Equals(RecordingEventFilter? other) =>
        other is not null && Before == other.Before && After == other.After && Filters.SequenceEqual(other.Filters);

    public override int GetHashCode() => HashCode.Combine(Before, After, Filters.Count);

    /// <summary>The data path's compiled trigger of this filter; null and a reason when a filter is unusable.</summary>
    public EventTrigger? TryCompile(out string? error) => EventTrigger.TryCompile(
        Filters.Select(f => new TriggerFilter(f.Topic, f.Source)).ToList(), Before ?? TimeSpan.Zero, After ?? TimeSpan.Zero, out error);
}
