using Nvr.Pipeline.Media;
using Nvr.Recording.Session;

namespace Nvr.Recording;

/// <summary>
/// Event recording (seed 5.3.4): gating the writers with event windows, and the pre-event ring that lets a window
/// start before the event. The gate sits where a unit is ready to be written (after decode-time reconstruction and
/// the audio hold-back), so held media is replayed through exactly the same path as live media.
/// </summary>
public sealed partial class RecordingSession
{
    private EventGateMode _gateMode;
    private TimeSpan _preEvent;
    private DateTime _closeAtUtc;
    private bool _keyWrittenInWindow;
    private bool _replaying;
    private PreEventRing? _held;
    private long _preEventReleased;
    private long _preEventGopsDropped;
    private ParameterSets? _heldParameterSets;

    /// <summary>
    /// Event-triggered recording: from now on nothing is written unless an event window is open. The media of the last
    /// <paramref name="preEvent"/> (whole GOPs: from the newest key frame at or before the newest held time minus
    /// <paramref name="preEvent"/>) is held in a bounded ring of the pooled units themselves
    /// (<see cref="RecordingSessionOptions.PreEventMaxBytes"/>). Open spans are closed
    /// (<see cref="SpanCloseReason.EventEnded"/>) unless a window is open. While holding, a track is Active once its data
    /// flows into the ring (the job is receiving and armed). Calling it again only changes the pre-event time.
    /// </summary>
    public void EnableEventGating(TimeSpan preEvent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(preEvent, TimeSpan.Zero);
        Post(new SessionCommand.EnableEventGating(preEvent));
    }

    /// <summary>Back to continuous recording (the default): held units are released (a window, if open, goes on as continuous recording).</summary>
    public void DisableEventGating() => Post(new SessionCommand.DisableEventGating());

    /// <summary>
    /// Opens (or keeps open) the event window: writes the held media from the newest key frame at or before
    /// <paramref name="fromUtc"/> (or from the oldest held key frame if none is that old), then everything live until
    /// <see cref="CloseEventWindow"/>. Cancels a pending close (the same span continues). Ignored when not gated.
    /// </summary>
    public void OpenEventWindow(DateTime fromUtc) => Post(new SessionCommand.OpenEventWindow(ToUtc(fromUtc)));

    /// <summary>
    /// Keeps recording until media UTC reaches <paramref name="untilUtc"/> and at least one key frame was written since
    /// the window opened (an instant event records at least one I-frame), then closes the spans at the next key frame
    /// at or after that time (<see cref="SpanCloseReason.EventEnded"/>) and goes back to holding, with that key frame as
    /// the start of the held media. An <see cref="OpenEventWindow"/> before then cancels the close.
    /// Ignored when no window is open.
    /// </summary>
    public void CloseEventWindow(DateTime untilUtc) => Post(new SessionCommand.CloseEventWindow(ToUtc(untilUtc)));

    private static DateTime ToUtc(DateTime time) =>
        time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    private void OnEnableEventGating(TimeSpan preEvent)
    {
        _preEvent = preEvent;
        _held ??= new PreEventRing();
        if (_gateMode == EventGateMode.Off)
        {
            CloseSpans(SpanCloseReason.EventEnded, null);
            _gateMode = EventGateMode.Holding;
        }
        else if (_gateMode == EventGateMode.Holding && _held.Count > 0)
        {
            _preEventReleased += _held.ReleaseGopsBefore(PreEventStart(_held.NewestUtc));
        }
    }

    private void OnDisableEventGating()
    {
        _gateMode = EventGateMode.Off;
        ReleaseHeld();
    }

    private void OnOpenEventWindow(DateTime fromUtc)
    {
        switch (_gateMode)
        {
            case EventGateMode.Closing:
                _gateMode = EventGateMode.Open;
                break;
            case EventGateMode.Holding:
                _gateMode = EventGateMode.Open;
                _keyWrittenInWindow = false;
                ReplayHeldFrom(fromUtc);
                break;
        }
    }

    private void OnCloseEventWindow(DateTime untilUtc)
    {
        if (_gateMode is EventGateMode.Open or EventGateMode.Closing)
        {
            _gateMode = EventGateMode.Closing;
            _closeAtUtc = untilUtc;
        }
    }

    /// <summary>Writes the held units from the newest GOP start at or before <paramref name="fromUtc"/> (or the oldest).</summary>
    private void ReplayHeldFrom(DateTime fromUtc)
    {
        var held = _held!;
        _preEventReleased += held.ReleaseGopsBefore(fromUtc);
        _replaying = true;
        try
        {
            while (held.TryTake(out var next))
            {
                if (next.IsVideo)
                {
                    FeedVideo(next.Lane, next.Unit, next.Pts, next.Dts, allowSpanChanges: true);
                }
                else
                {
                    FeedFrame(next.Lane, next.Unit, next.Dts);
                }
            }
        }
        finally
        {
            _replaying = false;
        }
    }

    /// <summary>The timeline ended or gating stopped: what is held can no longer be written.</summary>
    private void ReleaseHeld()
    {
        if (_held is { Count: > 0 } held)
        {
            _preEventReleased += held.Clear();
        }
    }

    /// <summary>
    /// The gate for a video unit ready to be written. True when it took the unit (held); false when the caller writes
    /// it. Closes the window at the first key frame of the leading video track at or after its end time.
    /// </summary>
    private bool GateVideo(TrackLane lane, AccessUnit unit, long pts, long dts)
    {
        DateTime utc = lane.UtcOf(dts);
        bool startsGop = unit.IsKeyframe && ReferenceEquals(lane, GateLane());
        if (_gateMode == EventGateMode.Closing && startsGop && _keyWrittenInWindow && utc >= _closeAtUtc)
        {
            ReleasePendingBefore(lane.TimelineUtcOf(dts)); // audio up to the cut stays in the span
            CloseSpans(SpanCloseReason.EventEnded, lane.TimelineUtcOf(dts));
            _gateMode = EventGateMode.Holding;
        }

        if (_gateMode != EventGateMode.Holding)
        {
            return false;
        }

        if (startsGop)
        {
            var parameterSets = lane.Stream?.ParameterSets;
            if (ParameterSetsDiffer(parameterSets, _heldParameterSets))
            {
                ReleaseHeld(); // the held GOPs need the previous movie box: a window must not start with them
            }

            _heldParameterSets = parameterSets;
        }

        ReleasePendingBefore(utc); // audio before this frame goes into the ring first, in writing order
        Hold(new HeldUnit(lane, unit, pts, dts, utc, IsVideo: true, startsGop));
        return true;
    }

    /// <summary>The gate for an audio/metadata unit ready to be written (see <see cref="GateVideo"/>).</summary>
    private bool GateFrame(TrackLane lane, AccessUnit unit, long dts)
    {
        DateTime utc = lane.UtcOf(dts);
        bool startsGop = !HasVideoLane() && ReferenceEquals(lane, GateLane());
        if (_gateMode == EventGateMode.Closing && startsGop && _keyWrittenInWindow && utc >= _closeAtUtc)
        {
            CloseSpans(SpanCloseReason.EventEnded, lane.TimelineUtcOf(dts));
            _gateMode = EventGateMode.Holding;
        }

        if (_gateMode != EventGateMode.Holding)
        {
            return false;
        }

        Hold(new HeldUnit(lane, unit, dts, dts, utc, IsVideo: false, startsGop));
        return true;
    }

    /// <summary>A written sample could start a recording: the window has recorded its I-frame.</summary>
    private void NoteWrittenKey(TrackLane lane, bool isKeyframe)
    {
        if (isKeyframe && _gateMode != EventGateMode.Off && ReferenceEquals(lane, GateLane()))
        {
            _keyWrittenInWindow = true;
        }
    }

    private void Hold(in HeldUnit unit)
    {
        var held = _held!;
        if (!held.TryAdd(unit))
        {
            Discard(unit.Unit); // a GOP's tail without its key frame cannot be written
            return;
        }

        if (unit.Lane.State != TrackRecordingState.Active)
        {
            SetState(unit.Lane, TrackRecordingState.Active, null);
        }

        _preEventReleased += held.ReleaseGopsBefore(PreEventStart(held.NewestUtc));

        while (held.Bytes > _options.PreEventMaxBytes && held.GopCount > 0)
        {
            _preEventGopsDropped++;
            _preEventReleased += held.ReleaseOldestGop();
        }
    }

    /// <summary>The oldest time the ring must still cover (no underflow for units without a real UTC).</summary>
    private DateTime PreEventStart(DateTime newest) =>
        newest.Ticks > _preEvent.Ticks ? newest - _preEvent : DateTime.MinValue;

    /// <summary>The track whose key frames start and end event recordings: the first video track, else the first track.</summary>
    private TrackLane? GateLane()
    {
        TrackLane? first = null;
        foreach (var lane in _lanes)
        {
            if (lane.Stream is null || lane.Incompatible)
            {
                continue;
            }

            if (lane.Track.Kind == MediaKind.Video)
            {
                return lane;
            }

            first ??= lane;
        }

        return first;
    }
}
