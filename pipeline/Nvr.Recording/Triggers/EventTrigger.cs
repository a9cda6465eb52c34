
namespace Nvr.Recording.Triggers;

/// <summary>The compiled EventFilter of one recording job (seed 5.3.4): its filter pairs and Before/After spans.</summary>
public sealed class EventTrigger
{
    private readonly (TopicFilter Topic, SourceFilter? Source)[] _filters;

    private EventTrigger((TopicFilter, SourceFilter?)[] filters, TimeSpan before, TimeSpan after)
    {
        _filters = filters;
        Before = before;
        After = after;
    }

    public TimeSpan Before { get; }

    public TimeSpan After { get; }

    /// <summary>Compiles a job's EventFilter; null and a reason when a filter is unusable.</summary>
    public static EventTrigger? TryCompile(IReadOnlyList<TriggerFilter> filters, TimeSpan before, TimeSpan after, out string? error)
    {
        error = null;
        if (filters.Count == 0)
        {
            error = "an EventFilter needs at least one Filter";
            return null;
        }

        var compiled = new (TopicFilter, SourceFilter?)[filters.Count];
        for (int i = 0; i < compiled.Length; i++)
        {
            var entry = filters[i];
            var topic = TopicFilter.TryParse(entry.Topic, out error);
            if (topic is null)
            {
                return null;
            }

            SourceFilter? source = null;
            if (!string.IsNullOrWhiteSpace(entry.Source))
            {
                source = SourceFilter.TryParse(entry.Source, out error);
                if (source is null)
                {
                    return null;
                }
            }

            compiled[i] = (topic, source);
        }

        return new EventTrigger(compiled, before, after);
    }

    /// <summary>True when one filter pair accepts the event: its topic matches and its source filter, if any, holds.</summary>
    public bool Matches(ITriggerEvent notification)
    {
        foreach (var (topic, source) in _filters)
        {
            if (topic.Matches(notification.Topic) && (source is null || source.Matches(notification.SourceItems)))
            {
                return true;
            }
        }

        return false;
    }
}
