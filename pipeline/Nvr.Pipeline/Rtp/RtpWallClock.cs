using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Rtp;

/// <summary>
/// Maps a stream's unwrapped RTP timestamps to UTC. Before the first RTCP sender report the first packet's
/// arrival time anchors the timeline; the first report replaces that anchor. Later reports that disagree
/// with the running mapping by less than <see cref="StepThreshold"/> are slewed in at most
/// <see cref="MaxSlewRate"/> (seconds of correction per second of media) so times never jump; larger
/// disagreements (a camera clock reset) are applied at once. Between reports, a timeline that jumps away from the
/// sender's clock (RTP timestamps stepping by minutes or hours with no report saying so) is caught against arrival
/// time: the mapping's lead over arrival is tracked (its largest value: a late read only lowers it), and a unit more
/// than <see cref="ForwardJumpThreshold"/> ahead of that, or more than <see cref="BackwardJumpThreshold"/> behind it,
/// re-anchors the timeline at its arrival plus that lead until the next report decides.
/// </summary>
public sealed class RtpWallClock
{
    /// <summary>Corrections larger than this are stepped, not slewed.</summary>
    public static readonly TimeSpan StepThreshold = TimeSpan.FromSeconds(1);

    /// <summary>Fraction of elapsed media time that may be added or removed while slewing (1 %).</summary>
    public const double MaxSlewRate = 0.01;

    /// <summary>
    /// A unit mapped this far ahead of its arrival (beyond the sender's usual lead) is a timeline jump: nothing arrives
    /// before it is sent, and a camera's start-up burst of buffered media (a GOP, a few seconds) stays well below it.
    /// </summary>
    public static readonly TimeSpan ForwardJumpThreshold = TimeSpan.FromSeconds(30);

    /// <summary>Behind by this much is a jump too; less may be a stalled reader catching up on a backlog.</summary>
    public static readonly TimeSpan BackwardJumpThreshold = TimeSpan.FromMinutes(10);

    private readonly int _clockRate;
    private readonly RtpTimestampUnwrapper _unwrapper;
    private long _anchorRtp;
    private long _anchorTicks;
    private long _pendingTicks;
    private long _lastRtp;
    private bool _anchored;
    private RtcpSenderReport? _waitingReport;
    private long _leadTicks;       // the mapping's largest lead over arrival since it was last anchored
    private bool _leadKnown;
    private bool _followingArrival; // re-anchored at a jump: the next report is taken as it is

    public RtpWallClock(int clockRate, RtpTimestampUnwrapper unwrapper)
    {
        if (clockRate <= 0)
        {
            PipelineThrow.ArgumentOutOfRange(nameof(clockRate));
        }

        this._clockRate = clockRate;
        this._unwrapper = unwrapper;
    }

    /// <summary>Where the current mapping comes from.</summary>
    public TimeSource Source { get; private set; } = TimeSource.Arrival;

    /// <summary>Sender reports received.</summary>
    public long SenderReports { get; private set; }

    /// <summary>Timeline jumps caught against arrival time (diagnostics).</summary>
    public long Jumps { get; private set; }

    /// <summary>Correction not yet slewed in (diagnostics).</summary>
    public TimeSpan PendingCorrection => TimeSpan.FromTicks(_pendingTicks);

    /// <summary>UTC of <paramref name="rtpTimestamp"/>; <paramref name="arrivalUtc"/> anchors the timeline when nothing else has.</summary>
    public DateTime ToUtc(long rtpTimestamp, DateTime arrivalUtc)
    {
        if (!_anchored)
        {
            _anchorRtp = rtpTimestamp;
            _anchorTicks = arrivalUtc.Ticks;
            _lastRtp = rtpTimestamp;
            _anchored = true;
            if (_waitingReport is { } report)
            {
                _waitingReport = null;
                OnSenderReport(report);
            }
        }

        if (_pendingTicks != 0 && rtpTimestamp > _lastRtp)
        {
            var allowed = (long)(TicksBetween(_lastRtp, rtpTimestamp) * MaxSlewRate);
            var step = Math.Clamp(_pendingTicks, -allowed, allowed);
            _anchorTicks += step;
            _pendingTicks -= step;
        }

        if (rtpTimestamp > _lastRtp)
        {
            _lastRtp = rtpTimestamp;
        }

        // a sender whose timestamps run decades away from the anchor (wild jumps, a clock rate of 1) saturates at
        // the ends of DateTime instead of throwing on the ingest thread (found by fuzzing)
        var mapped = Math.Clamp(_anchorTicks + TicksBetween(_anchorRtp, rtpTimestamp), 0, DateTime.MaxValue.Ticks);
        var lead = mapped - arrivalUtc.Ticks;
        if (!_leadKnown)
        {
            _leadTicks = lead;
            _leadKnown = true;
        }
        else if (lead - _leadTicks > ForwardJumpThreshold.Ticks || _leadTicks - lead > BackwardJumpThreshold.Ticks)
        {
            mapped = Math.Clamp(arrivalUtc.Ticks + _leadTicks, 0, DateTime.MaxValue.Ticks);
            _anchorRtp = rtpTimestamp;
            _anchorTicks = mapped;
            _pendingTicks = 0;
            _lastRtp = rtpTimestamp;
            _followingArrival = true;
            Jumps++;
        }
        else if (lead > _leadTicks)
        {
            _leadTicks = lead;
        }

        return new DateTime(mapped, DateTimeKind.Utc);
    }

    /// <summary>Takes a sender report of this stream into account.</summary>
    public void OnSenderReport(RtcpSenderReport report)
    {
        SenderReports++;
        if (!_anchored)
        {
            _waitingReport = report;
            return;
        }

        var reportRtp = _unwrapper.Peek(report.RtpTimestamp);
        var reportTicks = report.NtpTimeUtc.Ticks;
        var predicted = _anchorTicks + _pendingTicks + TicksBetween(_anchorRtp, reportRtp);
        var error = reportTicks - predicted;
        if (Source == TimeSource.Arrival || _followingArrival || Math.Abs(error) > StepThreshold.Ticks)
        {
            _anchorRtp = reportRtp;
            _anchorTicks = reportTicks;
            _pendingTicks = 0;
            _leadKnown = false; // the sender's own clock sets the lead again
            _followingArrival = false;
            Source = TimeSource.SenderReport;
            return;
        }

        _pendingTicks += error;
        if (reportRtp > _lastRtp)
        {
            _lastRtp = reportRtp;  // the correction is spread over media after the report, not before it
        }
    }

    /// <summary>Ticks between two unwrapped timestamps, exact, limited to ±DateTime.MaxValue.Ticks (no overflow).</summary>
    private long TicksBetween(long fromRtp, long toRtp) =>
        (long)Int128.Clamp((Int128)(toRtp - fromRtp) * TimeSpan.TicksPerSecond / _clockRate, -DateTime.MaxValue.Ticks, DateTime.MaxValue.Ticks);
}
