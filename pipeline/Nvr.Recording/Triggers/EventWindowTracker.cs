
namespace Nvr.Recording.Triggers;

/// <summary>
/// The event window of one recording fed by event-triggered jobs (seed 5.3.4). Each matching property event whose
/// condition holds keeps the window open (per job, topic and source, so two cameras' motion are two conditions);
/// when the last condition ends the window closes After it; a momentary event opens the window Before it and closes
/// it After it. A recording with both a job's schedule and its filter records only while both hold: the schedule
/// decides the election, this tracker the window.
/// </summary>
public sealed class EventWindowTracker
{
    private readonly IReadOnlyDictionary<string, EventTrigger> _triggers;
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private DateTime _closeUntil = DateTime.MinValue;

    /// <param name="triggers">The compiled EventFilter of every job of the recording, by job token.</param>
    public EventWindowTracker(IReadOnlyDictionary<string, EventTrigger> triggers)
    {
        _triggers = triggers;
        PreEvent = TimeSpan.Zero;
        foreach (var trigger in triggers.Values)
        {
            PreEvent = trigger.Before > PreEvent ? trigger.Before : PreEvent;
        }
    }

    /// <summary>The longest Before of the jobs: how much media the recording must hold while its window is closed.</summary>
    public TimeSpan PreEvent { get; }

    /// <summary>True while a condition holds (the window is open and no close is pending).</summary>
    public bool IsOpen => _active.Count > 0;

    /// <summary>The window changes <paramref name="notification"/> causes, in order (none when no job's filter matches).</summary>
    public IReadOnlyList<EventWindowChange> On(ITriggerEvent notification)
    {
        var changes = new List<EventWindowChange>(2);
        var utc = notification.UtcTime.UtcDateTime;
        foreach (var (job, trigger) in _triggers)
        {
            if (!trigger.Matches(notification))
            {
                continue;
            }

            var key = Key(job, notification);
            switch (notification.Condition)
            {
                case true:
                    if (_active.Count == 0)
                    {
                        changes.Add(new EventWindowChange(true, utc - trigger.Before));
                    }

                    _active.Add(key);
                    break;
                case false:
                    if (_active.Remove(key) && _active.Count == 0)
                    {
                        changes.Add(Close(utc + trigger.After));
                    }

                    break;
                default:
                    if (_active.Count == 0)
                    {
                        changes.Add(new EventWindowChange(true, utc - trigger.Before));
                        changes.Add(Close(utc + trigger.After));
                    }

                    break;
            }
        }

        return changes;
    }

    private EventWindowChange Close(DateTime until)
    {
        _closeUntil = until > _closeUntil ? until : _closeUntil;
        return new EventWindowChange(false, _closeUntil);
    }

    private static string Key(string job, ITriggerEvent notification) => job + "\n" + notification.PropertyKey();
}
