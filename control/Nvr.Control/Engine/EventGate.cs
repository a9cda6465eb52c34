using Nvr.Control.Events;
using Nvr.Control.Recordings.Model;
using Nvr.Control.Triggers;
using Nvr.Recording;

namespace Nvr.Control.Engine;

/// <summary>
/// Event-triggered recording of one running recording (seed 5.3.4): turns the internal events its jobs' EventFilters
/// select into the session's event window (held pre-event media, then live media until After the condition). A
/// recording is gated only when every job feeding it has an EventFilter; one continuous job keeps it continuous.
/// Events arrive on the engine actor, the session appears later on the runner's start-up task: a lock orders both.
/// </summary>
public sealed class EventGate
{
    private readonly Lock _lock = new();
    private readonly EventWindowTracker _tracker;
    private RecordingSession? _session;
    private EventWindowChange? _open;
    private EventWindowChange? _close;

    private EventGate(EventWindowTracker tracker) => _tracker = tracker;

    /// <summary>The gate of <paramref name="plan"/>, or null when it records continuously.</summary>
    public static EventGate? For(RecordingPlan plan)
    {
        if (!plan.RecordsOnEventsOnly)
        {
            return null;
        }

        var triggers = new Dictionary<string, EventTrigger>(StringComparer.Ordinal);
        foreach (var source in plan.Sources)
        {
            // validated when the job was configured (RecordingJobRules), so it compiles
            triggers[source.JobToken] = EventTrigger.TryCompile(source.EventFilter!, out var error)
                ?? throw new InvalidOperationException($"job {source.JobToken}: {error}");
        }

        return new EventGate(new EventWindowTracker(triggers));
    }

    /// <summary>Puts the new session in gated mode and applies the window events opened before it existed.</summary>
    public void Attach(RecordingSession session)
    {
        lock (_lock)
        {
            _session = session;
            session.EnableEventGating(_tracker.PreEvent);
            if (_open is { } open)
            {
                session.OpenEventWindow(open.Utc);
            }

            if (_close is { } close)
            {
                session.CloseEventWindow(close.Utc);
            }
        }
    }

    /// <summary>Called for every internal event; true when it moved the window.</summary>
    public bool On(OnvifEvent notification)
    {
        var changes = _tracker.On(notification);
        if (changes.Count == 0)
        {
            return false;
        }

        lock (_lock)
        {
            foreach (var change in changes)
            {
                if (_session is { } session)
                {
                    if (change.Open)
                    {
                        session.OpenEventWindow(change.Utc);
                    }
                    else
                    {
                        session.CloseEventWindow(change.Utc);
                    }
                }
                else if (change.Open)
                {
                    (_open, _close) = (change, null);
                }
                else
                {
                    _close = change;
                }
            }
        }

        return true;
    }
}
