using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Rtp;

/// <summary>
/// Maps a stream's unwrapped RTP timestamps to UTC. Before the first RTCP sender report the first packet's
/// arrival time anchors the timeline; the first report replaces that anchor. Later reports that disagree
/// with the running mapping by less than <see cref="StepThreshold"/> are slewed in at most
/// <see cref="MaxSlewRate"/> (seconds of correction per second of media) so times never jump; larger
/// disagreements (a camera clock reset) are applied at once.
/// </summary>
public sealed class RtpWallClock
{
    /// <summary>Corrections larger than this are stepped, not slewed.</summary>
    public static readonly TimeSpan StepThreshold = TimeSpan.FromSeconds(1);

    /// <summary>Fraction of elapsed media time that may be added or removed while slewing (1 %).</summary>
    public const double MaxSlewRate = 0.01;

    private readonly int clockRate;
    private readonly RtpTimestampUnwrapper unwrapper;
    private long anchorRtp;
    private long anchorTicks;
    private long pendingTicks;
    private long lastRtp;
    private bool anchored;
    private RtcpSenderReport? waitingReport;

    public RtpWallClock(int clockRate, RtpTimestampUnwrapper unwrapper)
    {
        if (clockRate <= 0)
        {
            PipelineThrow.ArgumentOutOfRange(nameof(clockRate));
        }

        this.clockRate = clockRate;
        this.unwrapper = unwrapper;
    }

    /// <summary>Where the current mapping comes from.</summary>
    public TimeSource Source { get; private set; } = TimeSource.Arrival;

    /// <summary>Sender reports received.</summary>
    public long SenderReports { get; private set; }

    /// <summary>Correction not yet slewed in (diagnostics).</summary>
    public TimeSpan PendingCorrection => TimeSpan.FromTicks(pendingTicks);

    /// <summary>UTC of <paramref name="rtpTimestamp"/>; <paramref name="arrivalUtc"/> anchors the timeline when nothing else has.</summary>
    public DateTime ToUtc(long rtpTimestamp, DateTime arrivalUtc)
    {
        if (!anchored)
        {
            anchorRtp = rtpTimestamp;
            anchorTicks = arrivalUtc.Ticks;
            lastRtp = rtpTimestamp;
            anchored = true;
            if (waitingReport is { } report)
            {
                waitingReport = null;
                OnSenderReport(report);
            }
        }

        if (pendingTicks != 0 && rtpTimestamp > lastRtp)
        {
            var allowed = (long)(TicksBetween(lastRtp, rtpTimestamp) * MaxSlewRate);
            var step = Math.Clamp(pendingTicks, -allowed, allowed);
            anchorTicks += step;
            pendingTicks -= step;
        }

        if (rtpTimestamp > lastRtp)
        {
            lastRtp = rtpTimestamp;
        }

        return new DateTime(anchorTicks + TicksBetween(anchorRtp, rtpTimestamp), DateTimeKind.Utc);
    }

    /// <summary>Takes a sender report of this stream into account.</summary>
    public void OnSenderReport(RtcpSenderReport report)
    {
        SenderReports++;
        if (!anchored)
        {
            waitingReport = report;
            return;
        }

        var reportRtp = unwrapper.Peek(report.RtpTimestamp);
        var reportTicks = report.NtpTimeUtc.Ticks;
        var predicted = anchorTicks + pendingTicks + TicksBetween(anchorRtp, reportRtp);
        var error = reportTicks - predicted;
        if (Source == TimeSource.Arrival || Math.Abs(error) > StepThreshold.Ticks)
        {
            anchorRtp = reportRtp;
            anchorTicks = reportTicks;
            pendingTicks = 0;
            Source = TimeSource.SenderReport;
            return;
        }

        pendingTicks += error;
        if (reportRtp > lastRtp)
        {
            lastRtp = reportRtp;  // the correction is spread over media after the report, not before it
        }
    }

    private long TicksBetween(long fromRtp, long toRtp) => (toRtp - fromRtp) * TimeSpan.TicksPerSecond / clockRate;
}
