using Nvr.Recording.Session;

namespace Nvr.Recording;

/// <summary>Segment roll decisions and UTC anchoring of the writers (session loop only).</summary>
public sealed partial class RecordingSession
{
    /// <summary>Segment roll decisions, taken on the primary track of a writer before its sample is added.</summary>
    private void BeforePrimarySample(Writing.SpanWriter writer, TrackLane lane, long dts, bool isKeyframe)
    {
        if (!writer.HasSegment)
        {
            if (!isKeyframe)
            {
                return;
            }

            writer.HasSegment = true;
            writer.SegmentStartDts = dts;
            writer.SpanStartDts = dts;
            writer.SegmentTargetTicks = SegmentTargetTicks(lane);
            return;
        }

        if (isKeyframe && (writer.CutRequested || dts - writer.SegmentStartDts >= writer.SegmentTargetTicks))
        {
            Slew(writer, lane, dts);
            writer.RequestNewSegment();
            writer.CutRequested = false;
            writer.SegmentStartDts = dts;
            writer.SegmentTargetTicks = SegmentTargetTicks(lane);
        }
    }

    private long SegmentTargetTicks(TrackLane lane)
    {
        TimeSpan duration = _target.SegmentDuration;
        if (_overrideTarget is { } overridden)
        {
            if (_time.GetUtcNow() < _overrideExpiresAt)
            {
                duration = overridden;
            }
            else
            {
                _overrideTarget = null; // expired: this new segment reverts
            }
        }

        return ToTicks(duration, lane.Timescale);
    }

    private bool SpanDurationReached(TrackLane lane, long dts) =>
        _target.SpanDuration is { } span && lane.Writer is { HasSegment: true } w && dts - w.SpanStartDts >= ToTicks(span, lane.Timescale);

    private static long ToTicks(TimeSpan duration, int timescale) =>
        Math.Max(1, (long)((Int128)duration.Ticks * timescale / TimeSpan.TicksPerSecond));

    private long JumpTicks(TrackLane lane) => lane.JumpTicks(_options.MaxTimelineJump);

    /// <summary>
    /// At a segment cut (before the cutting sample is added): moves the span timeline towards the observed clock of
    /// its primary track, by at most the slew bound for the media time since the previous cut, so the segment that
    /// closes ends exactly where the next one starts.
    /// </summary>
    private void Slew(Writing.SpanWriter writer, TrackLane primary, long dts)
    {
        if (!writer.IsAnchored(primary.WriterTrack) || !primary.Clock.HasReference || dts <= writer.LastSlewDts)
        {
            return;
        }

        long elapsed = (long)((Int128)(dts - writer.LastSlewDts) * TimeSpan.TicksPerSecond / primary.Timescale);
        writer.LastSlewDts = dts;
        long error = (primary.UtcOf(dts) - writer.UtcOf(primary.WriterTrack, dts)).Ticks;
        var correction = _slew.Decide(error, elapsed);
        if (!correction.Step)
        {
            writer.Shift(correction.DeltaTicks);
        }
    }

    /// <summary>True when the observed clock of the master track left the span timeline by more than the step bound.</summary>
    private bool ClockStepped(TrackLane lane, long dts) =>
        lane.Writer is { } writer && writer.IsAnchored(lane.WriterTrack) && lane.Clock.HasReference &&
        _slew.IsStep((lane.UtcOf(dts) - writer.UtcOf(lane.WriterTrack, dts)).Ticks);

    /// <summary>
    /// Ties a track to the span timeline at its first sample in the span. The primary track of the first span of a
    /// timeline is anchored on its observed clock (a sender report when one came in time, else arrival); the next
    /// span continues the previous span's timeline when it follows it without a discontinuity. Other tracks keep
    /// their observed offset to the primary (lip sync) on the span timeline.
    /// </summary>
    private void Anchor(Writing.SpanWriter writer, TrackLane lane, long dts)
    {
        DateTime utc;
        if (lane.WriterTrack == writer.PrimaryIndex)
        {
            utc = ReferenceEquals(_carryLane, lane) ? _carryAnchorUtc.AddTicks((long)((Int128)(dts - _carryAnchorDts) * TimeSpan.TicksPerSecond / lane.Timescale)) : lane.UtcOf(dts);
            _carryLane = null;
            writer.LastSlewDts = dts;
        }
        else
        {
            utc = lane.UtcOf(dts);
            if (PrimaryOf(writer) is { Clock.HasReference: true } primary && writer.IsAnchored(primary.WriterTrack))
            {
                long primaryRef = primary.Clock.ReferencePts;
                utc = utc.Add(writer.UtcOf(primary.WriterTrack, primaryRef) - primary.UtcOf(primaryRef));
            }
        }

        writer.SetAnchor(lane.WriterTrack, dts, utc);
    }

    private TrackLane? PrimaryOf(Writing.SpanWriter writer)
    {
        foreach (var lane in _lanes)
        {
            if (ReferenceEquals(lane.Writer, writer) && lane.WriterTrack == writer.PrimaryIndex)
            {
                return lane;
            }
        }

        return null;
    }
}
