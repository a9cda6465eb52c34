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
            ReAnchor(writer);
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

    private long JumpTicks(TrackLane lane) => ToTicks(_options.MaxTimelineJump, lane.Timescale);

    /// <summary>
    /// Re-anchoring at a segment cut when the source clock (RTCP) moved away from the writer's mapping by more than
    /// this; smaller slews are ignored so that segment durations stay exact.
    /// </summary>
    private static readonly TimeSpan ReAnchorThreshold = TimeSpan.FromMilliseconds(20);

    private void ReAnchor(Writing.SpanWriter writer)
    {
        foreach (var lane in _lanes)
        {
            if (ReferenceEquals(lane.Writer, writer) && writer.IsAnchored(lane.WriterTrack) && lane.HasLastDts)
            {
                long predicted = lane.WriterAnchorUtc.Ticks + (long)((Int128)(lane.LastAnchorDts - lane.WriterAnchorDts) * TimeSpan.TicksPerSecond / lane.Timescale);
                if (Math.Abs(predicted - lane.LastAnchorUtc.Ticks) > ReAnchorThreshold.Ticks)
                {
                    Anchor(writer, lane);
                }
            }
        }
    }

    private static void Anchor(Writing.SpanWriter writer, TrackLane lane)
    {
        writer.SetAnchor(lane.WriterTrack, lane.LastAnchorDts, lane.LastAnchorUtc);
        lane.WriterAnchorDts = lane.LastAnchorDts;
        lane.WriterAnchorUtc = lane.LastAnchorUtc;
    }
}
