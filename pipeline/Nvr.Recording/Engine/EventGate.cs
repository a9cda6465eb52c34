using Nvr.Recording.Triggers;

namespace Nvr.Recording.Engine;

/// <summary>
/// Event-triggered recording of one running recording (seed 5.3.4): turns the internal events its jobs' EventFilters
/// select into the session's event window (held pre-event media, then live media until After the condition). A
/// recording is gated only when every job feeding it has an EventFilter; one continuous job keeps it continuous.
/// Events arrive on the engine's thread, the session appears later on the runner's start-up task: a lock orders both.
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
    public static EventGate? For(RunnerPlan plan) =>
        plan.EventTriggers is { Count: > 0 } triggers ? new EventGate(new EventWindowTracker(triggers)) : null;

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
    public bool On(ITriggerEvent notification)
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
