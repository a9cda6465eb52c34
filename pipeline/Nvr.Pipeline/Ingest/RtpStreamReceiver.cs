using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;

namespace Nvr.Pipeline.Ingest;

/// <summary>
/// Everything one RTP stream needs between the socket and the output: sequence checking (loss, late and
/// duplicate packets), timestamp unwrapping, RTCP sender-report clock mapping and the codec's depacketizer.
/// Emitted units carry their UTC time. Not thread-safe: feed it from one thread.
/// </summary>
public sealed class RtpStreamReceiver : IAccessUnitSink
{
    /// <summary>Sequence gaps larger than this are treated as a sender restart, not as loss.</summary>
    public const int MaxGap = 3000;

    private readonly IAccessUnitSink output;
    private readonly RtpTimestampUnwrapper unwrapper = new();
    private readonly RtpWallClock clock;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private long lastLossLogTimestamp;
    private bool lossLogged;
    private ushort expectedSequence;
    private bool started;
    private DateTime arrival;

    /// <summary>Log throttle: at most one loss message per stream in this interval.</summary>
    public static readonly TimeSpan LossLogInterval = TimeSpan.FromSeconds(10);

    public RtpStreamReceiver(StreamDescription stream, IAccessUnitSink output, TimeProvider time, ILogger? logger = null)
    {
        this.logger = logger ?? NullLogger.Instance;
        Stream = stream;
        this.output = output;
        this.time = time;
        clock = new RtpWallClock(stream.ClockRate, unwrapper);
        Depacketizer = Depacketizer.Create(stream, this)
            ?? throw new NotSupportedException($"no depacketizer for {stream}");
    }

    public StreamDescription Stream { get; }

    public Depacketizer Depacketizer { get; }

    public StreamCounters Counters { get; } = new();

    public RtpWallClock Clock => clock;

    /// <summary>Feeds one RTP packet (e.g. one interleaved frame or UDP datagram).</summary>
    public void OnRtp(ReadOnlySpan<byte> data)
    {
        if (!RtpPacket.TryParse(data, out var packet) || packet.PayloadType != Stream.PayloadType)
        {
            Counters.Reject();
            return;
        }

        var discontinuity = false;
        if (started)
        {
            var gap = (short)(packet.SequenceNumber - expectedSequence);
            if (gap < 0 && gap > -MaxGap)
            {
                Counters.Reorder();
                return;
            }

            if (gap != 0)
            {
                discontinuity = true;
                if (gap < MaxGap)
                {
                    Counters.AddLost(gap);
                }

                LogLoss();
            }
        }

        started = true;
        expectedSequence = (ushort)(packet.SequenceNumber + 1);
        Counters.Packet(data.Length);
        arrival = time.GetUtcNow().UtcDateTime;
        var timestamp = unwrapper.Unwrap(packet.Timestamp);
        Depacketizer.Push(packet, timestamp, discontinuity);
    }

    private void LogLoss()
    {
        var now = time.GetTimestamp();
        if (lossLogged && time.GetElapsedTime(lastLossLogTimestamp, now) < LossLogInterval)
        {
            return;
        }

        lossLogged = true;
        lastLossLogTimestamp = now;
        IngestLog.PacketsLost(logger, Stream.Index, Stream.Codec, Counters.Lost, Counters.Reordered, Depacketizer.Counters.DroppedUnits);
    }

    /// <summary>Feeds one (compound) RTCP packet; sender reports update the clock mapping.</summary>
    public void OnRtcp(ReadOnlySpan<byte> data)
    {
        if (RtcpSenderReport.TryFind(data, out var report))
        {
            Counters.SenderReport();
            clock.OnSenderReport(report);
        }
    }

    /// <summary>Forgets partial units and sequence state (e.g. after a reconnect).</summary>
    public void Reset()
    {
        Depacketizer.Reset();
        started = false;
    }

    void IAccessUnitSink.OnAccessUnit(AccessUnit unit)
    {
        unit.UtcTime = clock.ToUtc(unit.RtpTimestamp, arrival);
        unit.TimeSource = clock.Source;
        output.OnAccessUnit(unit);
    }
}
