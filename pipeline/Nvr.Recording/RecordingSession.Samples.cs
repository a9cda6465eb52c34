using Nvr.Pipeline.Media;
using Nvr.Recording.Session;

namespace Nvr.Recording;

/// <summary>Routing and feeding of access units (session loop only).</summary>
public sealed partial class RecordingSession
{
    private void OnUnit(AccessUnit unit, int source)
    {
        _unitsReceived++;
        var routes = _routes[source];
        int index = unit.StreamIndex;
        TrackLane? lane = (uint)index < (uint)routes.Length ? routes[index] : null;
        if (lane is null || lane.Incompatible)
        {
            Discard(unit);
            return;
        }

        if (lane.Codec is { } held && held != unit.Codec)
        {
            lane.Incompatible = true;
            SetState(lane, TrackRecordingState.Error, TrackErrorReasons.IncompatibleStream);
            Discard(unit);
            return;
        }

        lane.Codec = unit.Codec;
        if (lane.Stream is null)
        {
            Discard(unit);
            return;
        }

        if (lane.Timescale == 0)
        {
            lane.Timescale = unit.Kind == MediaKind.Audio ? AudioTimescale(lane.Stream) : 90000;
        }

        long pts = lane.ToTimescale(unit.RtpTimestamp, unit.ClockRate);
        lane.Clock.Observe(pts, unit.UtcTime, unit.TimeSource, JumpTicks(lane));
        if (_firstReport.Waiting)
        {
            if (_firstReport.Hold(lane, unit, pts))
            {
                ReplayFirstReportWait();
            }

            return;
        }

        OnTimedUnit(lane, unit, pts);
    }

    /// <summary>The first-report wait is over (or cut short): the held units go on, in arrival order.</summary>
    private void ReplayFirstReportWait()
    {
        _firstReport.End();
        while (_firstReport.TryTake(out var lane, out var unit, out long pts))
        {
            OnTimedUnit(lane, unit, pts);
        }
    }

    private void OnTimedUnit(TrackLane lane, AccessUnit unit, long pts)
    {
        if (lane.HasLastDts && Math.Abs(pts - lane.LastDts) > JumpTicks(lane))
        {
            // a new timeline (reconnection, camera restart): what came before is finished
            DrainAll();
            ReleaseHeld();
            CloseSpans(SpanCloseReason.SourceDiscontinuity, null);
            _firstReport.Restart();
        }
        else if (unit.FollowsLoss && lane.Track.Kind == MediaKind.Video)
        {
            // frames were lost right before this key frame: a span has no hole (B.3), so the span ends with the frames
            // before the loss, and frames held for decode-time reconstruction that no span holds yet are dropped (a
            // span never starts with a GOP that breaks off, e.g. the stale key frame a shared mount sends a newcomer)
            DrainAll();
            ReleaseHeld();
            CloseSpans(SpanCloseReason.SourceDiscontinuity, null);
        }

        lane.HasLastDts = true;
        lane.LastDts = pts;
        if (lane.Reorderer is { } reorderer)
        {
            if (reorderer.Push(unit, pts, out var ready, out long readyPts, out long readyDts))
            {
                FeedVideo(lane, ready, readyPts, readyDts, allowSpanChanges: true);
            }
        }
        else if (HasVideoLane())
        {
            // video is written a few frames late (decode-time reconstruction): hold audio/metadata until video
            // has reached their time, so segment cuts split the tracks at the same instant
            _pending.Enqueue(new PendingFrame(lane, unit, pts, unit.UtcTime));
            if (_pending.Count > PendingLimit)
            {
                var oldest = _pending.Dequeue();
                FeedFrame(oldest.Lane, oldest.Unit, oldest.Dts);
            }
        }
        else
        {
            FeedFrame(lane, unit, pts);
        }
    }

    /// <summary>Writes the held audio/metadata frames that start before <paramref name="utc"/>.</summary>
    private void ReleasePendingBefore(DateTime utc)
    {
        while (_pending.TryPeek(out var next) && next.Lane.TimelineUtcOf(next.Dts) < utc)
        {
            _pending.Dequeue();
            FeedFrame(next.Lane, next.Unit, next.Dts);
        }
    }

    /// <summary>A video unit ready to be written: through the pre-event gate, then to its writer.</summary>
    private void FeedVideo(TrackLane lane, AccessUnit unit, long pts, long dts, bool allowSpanChanges)
    {
        if (!_gate.IsOff && GateVideo(lane, unit, pts, dts))
        {
            return;
        }

        WriteVideo(lane, unit, pts, dts, allowSpanChanges);
    }

    private void WriteVideo(TrackLane lane, AccessUnit unit, long pts, long dts, bool allowSpanChanges)
    {
        if (unit.IsKeyframe && lane.Writer is { HasSegment: true } current && lane.WriterTrack == current.PrimaryIndex &&
            (current.CutRequested || dts - current.SegmentStartDts >= current.SegmentTargetTicks))
        {
            // this key frame cuts: slew first, so the held audio is split on the timeline the new segment starts with
            Slew(current, lane, dts);
        }

        ReleasePendingBefore(lane.TimelineUtcOf(dts));
        if (unit.IsKeyframe && allowSpanChanges)
        {
            if (_spansOpen && ReferenceEquals(lane, _masterLane) && ClockStepped(lane, dts))
            {
                CloseSpans(SpanCloseReason.SourceDiscontinuity, lane.TimelineUtcOf(dts));
            }
            else if (_spansOpen && lane.Writer is not null && ParameterSetsChanged(lane))
            {
                CloseSpans(SpanCloseReason.MovieChanged, lane.TimelineUtcOf(dts));
            }
            else if (_spansOpen && _newSpanRequested && ReferenceEquals(lane, _masterLane))
            {
                CloseSpans(SpanCloseReason.MovieChanged, lane.TimelineUtcOf(dts));
            }
            else if (_spansOpen && ReferenceEquals(lane, _masterLane) && SpanDurationReached(lane, dts))
            {
                CloseSpans(SpanCloseReason.SpanDuration, lane.TimelineUtcOf(dts));
            }

            if (!_spansOpen && MayOpenFirstSpanAt(lane, dts))
            {
                OpenSpans(pts, dts);
            }
        }

        var writer = lane.Writer;
        if (writer is null)
        {
            Discard(unit);
            return;
        }

        if (lane.WriterTrack == writer.PrimaryIndex)
        {
            BeforePrimarySample(writer, lane, dts, unit.IsKeyframe);
        }

        if (!writer.IsAnchored(lane.WriterTrack))
        {
            Anchor(writer, lane, dts);
        }

        int count = unit.NalUnitCount;
        if (lane.Units.Length < count)
        {
            lane.Units = new ReadOnlyMemory<byte>[Math.Max(count, lane.Units.Length * 2)];
        }

        var units = lane.Units;
        for (int i = 0; i < count; i++)
        {
            units[i] = unit.GetNalUnit(i);
        }

        int size = unit.Size;
        bool isKeyframe = unit.IsKeyframe;
        long before = writer.DroppedSamples;
        writer.AddSample(lane.WriterTrack, dts, (int)(pts - dts), isKeyframe, units.AsSpan(0, count), unit);
        units.AsSpan(0, count).Clear();
        AfterAdd(writer, lane, before, dts, size);
        if (writer.DroppedSamples == before)
        {
            NoteWrittenKey(lane, isKeyframe);
        }
    }

    /// <summary>An audio/metadata unit ready to be written: through the pre-event gate, then to its writer.</summary>
    private void FeedFrame(TrackLane lane, AccessUnit unit, long dts)
    {
        if (!_gate.IsOff && GateFrame(lane, unit, dts))
        {
            return;
        }

        WriteFrame(lane, unit, dts);
    }

    private void WriteFrame(TrackLane lane, AccessUnit unit, long dts)
    {
        if (!_spansOpen && !HasVideoLane() && !_stopping && MayOpenFirstSpanAt(lane, dts))
        {
            OpenSpans(dts, dts);
        }

        var writer = lane.Writer;
        if (writer is null)
        {
            Discard(unit);
            return;
        }

        if (lane.WriterTrack == writer.PrimaryIndex)
        {
            bool stepped = ReferenceEquals(lane, _masterLane) && ClockStepped(lane, dts);
            if (ReferenceEquals(lane, _masterLane) && (stepped || _newSpanRequested || SpanDurationReached(lane, dts)))
            {
                var reason = stepped ? SpanCloseReason.SourceDiscontinuity : _newSpanRequested ? SpanCloseReason.MovieChanged : SpanCloseReason.SpanDuration;
                CloseSpans(reason, lane.TimelineUtcOf(dts));
                OpenSpans(dts, dts);
                writer = lane.Writer;
                if (writer is null)
                {
                    Discard(unit);
                    return;
                }
            }

            BeforePrimarySample(writer, lane, dts, isKeyframe: true);
        }

        if (!writer.IsAnchored(lane.WriterTrack))
        {
            Anchor(writer, lane, dts);
        }

        int size = unit.Size;
        long before = writer.DroppedSamples;
        writer.AddFrame(lane.WriterTrack, dts, unit.GetNalUnit(0), unit);
        AfterAdd(writer, lane, before, dts, size);
        if (writer.DroppedSamples == before)
        {
            NoteWrittenKey(lane, isKeyframe: !HasVideoLane());
        }
    }

    private void AfterAdd(Writing.SpanWriter writer, TrackLane lane, long droppedBefore, long dts, int size)
    {
        if (writer.DroppedSamples != droppedBefore)
        {
            _writerDropped += writer.DroppedSamples - droppedBefore;
            return;
        }

        _samplesWritten++;
        writer.Parameters.Note(lane.WriterTrack, dts);
        if (lane.WriterTrack == writer.PrimaryIndex)
        {
            writer.PrimaryBytes += size;
            writer.LastPrimaryDts = dts;
        }
        else if (lane.Track.Kind == MediaKind.Audio && (writer.AudioTrack < 0 || writer.AudioTrack == lane.WriterTrack))
        {
            if (writer.AudioTrack < 0)
            {
                writer.AudioTrack = lane.WriterTrack;
                writer.FirstAudioDts = dts;
            }

            writer.AudioBytes += size;
            writer.LastAudioDts = dts;
        }

        if (lane.State != TrackRecordingState.Active && !_storageFailing)
        {
            SetState(lane, TrackRecordingState.Active, null);
        }
    }

    private void RequestCutEverywhere()
    {
        foreach (var writer in _openWriters)
        {
            writer.CutRequested = true;
        }
    }

    /// <summary>Pushes the frames held for decode-time reconstruction into the writers (end of a timeline).</summary>
    private void DrainAll()
    {
        foreach (var lane in _lanes)
        {
            if (lane.Reorderer is { } reorderer)
            {
                while (reorderer.TryPop(out var unit, out long pts, out long dts))
                {
                    FeedVideo(lane, unit, pts, dts, allowSpanChanges: false);
                }
            }

            lane.HasLastDts = false;
        }

        ReleasePendingBefore(DateTime.MaxValue);
    }

    private void OnSourceEnded(int source, Exception? error)
    {
        ReplayFirstReportWait();
        DrainAll();
        ReleaseHeld();
        CloseSpans(SpanCloseReason.SourceDiscontinuity, null);
        _firstReport.Restart();
        foreach (var lane in _routes[source])
        {
            if (lane is null || lane.Incompatible)
            {
                continue;
            }

            if (error is null)
            {
                SetState(lane, TrackRecordingState.Idle, null);
            }
            else
            {
                SetState(lane, TrackRecordingState.Error, TrackErrorReasons.SourceFailedWith(error));
            }
        }
    }

    private StreamDescription? FindStream(int source, int index)
    {
        var streams = _streams[source];
        for (int i = 0; i < streams.Count; i++)
        {
            if (streams[i].Index == index)
            {
                return streams[i];
            }
        }

        return null;
    }

    private bool HasVideoLane()
    {
        foreach (var lane in _lanes)
        {
            if (lane.Track.Kind == MediaKind.Video && lane.Stream is not null && !lane.Incompatible)
            {
                return true;
            }
        }

        return false;
    }

    private void Discard(AccessUnit unit)
    {
        _unitsDiscarded++;
        unit.Release();
    }
}
