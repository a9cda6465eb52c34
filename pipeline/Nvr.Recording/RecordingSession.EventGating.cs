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
        if (_gate.Enable(preEvent))
        {
            CloseSpans(SpanCloseReason.EventEnded, null);
        }
    }

    private void OnDisableEventGating() => _gate.Disable();

    /// <summary>A window opened: the held media from the newest GOP start at or before its start is written now.</summary>
    private void OnOpenEventWindow(DateTime fromUtc)
    {
        if (!_gate.Open(fromUtc))
        {
            return;
        }

        while (_gate.TryTakeForWindow(out var next))
        {
            if (next.IsVideo)
            {
                WriteVideo(next.Lane, next.Unit, next.Pts, next.Dts, allowSpanChanges: true);
            }
            else
            {
                WriteFrame(next.Lane, next.Unit, next.Dts);
            }
        }
    }

    private void OnCloseEventWindow(DateTime untilUtc) => _gate.Close(untilUtc);

    /// <summary>The timeline ended or gating stopped: what is held can no longer be written.</summary>
    private void ReleaseHeld() => _gate.ReleaseAll();

    /// <summary>
    /// The gate for a video unit ready to be written. True when it took the unit (held); false when the caller writes
    /// it. A window that ends at this unit closes the spans at its time first (the leading video track's key frame).
    /// </summary>
    private bool GateVideo(TrackLane lane, AccessUnit unit, long pts, long dts)
    {
        DateTime utc = lane.UtcOf(dts);
        bool startsGop = unit.IsKeyframe && ReferenceEquals(lane, GateLane());
        var verdict = _gate.Decide(startsGop, utc);
        if (verdict == GateVerdict.Write)
        {
            return false;
        }

        if (verdict == GateVerdict.CloseSpansThenHold)
        {
            ReleasePendingBefore(lane.TimelineUtcOf(dts)); // audio up to the cut stays in the span
            CloseSpans(SpanCloseReason.EventEnded, lane.TimelineUtcOf(dts));
            _gate.EndWindow();
        }

        ReleasePendingBefore(utc); // audio before this frame goes into the ring first, in writing order
        Hold(new HeldUnit(lane, unit, pts, dts, utc, IsVideo: true, startsGop), lane.Stream?.ParameterSets);
        return true;
    }

    /// <summary>The gate for an audio/metadata unit ready to be written (see <see cref="GateVideo"/>).</summary>
    private bool GateFrame(TrackLane lane, AccessUnit unit, long dts)
    {
        DateTime utc = lane.UtcOf(dts);
        bool startsGop = !HasVideoLane() && ReferenceEquals(lane, GateLane());
        var verdict = _gate.Decide(startsGop, utc);
        if (verdict == GateVerdict.Write)
        {
            return false;
        }

        if (verdict == GateVerdict.CloseSpansThenHold)
        {
            CloseSpans(SpanCloseReason.EventEnded, lane.TimelineUtcOf(dts));
            _gate.EndWindow();
        }

        Hold(new HeldUnit(lane, unit, dts, dts, utc, IsVideo: false, startsGop));
        return true;
    }

    /// <summary>A written sample could start a recording: the window has recorded its I-frame.</summary>
    private void NoteWrittenKey(TrackLane lane, bool isKeyframe)
    {
        if (isKeyframe && !_gate.IsOff && ReferenceEquals(lane, GateLane()))
        {
            _gate.KeyWritten();
        }
    }

    private void Hold(in HeldUnit unit, ParameterSets? parameterSets = null)
    {
        if (!_gate.Hold(unit, parameterSets))
        {
            Discard(unit.Unit); // a GOP's tail without its key frame cannot be written
            return;
        }

        if (unit.Lane.State != TrackRecordingState.Active)
        {
            SetState(unit.Lane, TrackRecordingState.Active, null); // the job is receiving and armed
        }
    }

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
