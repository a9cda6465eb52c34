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

    private readonly IAccessUnitSink _output;
    private readonly RtpTimestampUnwrapper _unwrapper = new();
    private readonly RtpWallClock _clock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _lastLossLogTimestamp;
    private bool _lossLogged;
    private ushort _expectedSequence;
    private bool _started;
    private DateTime _arrival;
    private DateTime _arrivalBaseUtc;  // wall clock at the session's first packet ...
    private long _arrivalBaseTimestamp; // ... and the monotonic timestamp then: arrival = base + monotonic elapsed
    private bool _arrivalBased;

    /// <summary>Log throttle: at most one loss message per stream in this interval.</summary>
    public static readonly TimeSpan LossLogInterval = TimeSpan.FromSeconds(10);

    public RtpStreamReceiver(StreamDescription stream, IAccessUnitSink output, TimeProvider time, ILogger? logger = null)
    {
        this._logger = logger ?? NullLogger.Instance;
        Stream = stream;
        this._output = output;
        this._time = time;
        _clock = new RtpWallClock(stream.ClockRate, _unwrapper);
        Depacketizer = Depacketizer.Create(stream, this)
            ?? throw new NotSupportedException($"no depacketizer for {stream}");
    }

    public StreamDescription Stream { get; }

    public Depacketizer Depacketizer { get; }

    public StreamCounters Counters { get; } = new();

    public RtpWallClock Clock => _clock;

    /// <summary>Feeds one RTP packet (e.g. one interleaved frame or UDP datagram).</summary>
    public void OnRtp(ReadOnlySpan<byte> data)
    {
        if (!RtpPacket.TryParse(data, out var packet) || packet.PayloadType != Stream.PayloadType)
        {
            Counters.Reject();
            return;
        }

        var discontinuity = false;
        if (_started)
        {
            var gap = (short)(packet.SequenceNumber - _expectedSequence);
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

        _started = true;
        _expectedSequence = (ushort)(packet.SequenceNumber + 1);
        Counters.Packet(data.Length);
        _arrival = Arrival();
        var timestamp = _unwrapper.Unwrap(packet.Timestamp);
        Depacketizer.Push(packet, timestamp, discontinuity);
    }

    /// <summary>
    /// Arrival time on a clock that a step of the host's wall clock does not move during the session: the wall clock
    /// at the first packet plus monotonic time since. <see cref="RtpWallClock"/> checks the camera's timeline against
    /// arrival; arrival stepping by an hour (NTP, an RTC correction) would look like the camera jumping and re-anchor
    /// its media, keys included, an hour away until its next sender report. A new session takes the wall clock anew.
    /// </summary>
    private DateTime Arrival()
    {
        if (!_arrivalBased)
        {
            _arrivalBaseUtc = _time.GetUtcNow().UtcDateTime;
            _arrivalBaseTimestamp = _time.GetTimestamp();
            _arrivalBased = true;
            return _arrivalBaseUtc;
        }

        return _arrivalBaseUtc + _time.GetElapsedTime(_arrivalBaseTimestamp);
    }

    private void LogLoss()
    {
        var now = _time.GetTimestamp();
        if (_lossLogged && _time.GetElapsedTime(_lastLossLogTimestamp, now) < LossLogInterval)
        {
            return;
        }

        _lossLogged = true;
        _lastLossLogTimestamp = now;
        IngestLog.PacketsLost(_logger, Stream.Index, Stream.Codec, Counters.Lost, Counters.Reordered, Depacketizer.Counters.DroppedUnits);
    }

    /// <summary>Feeds one (compound) RTCP packet; sender reports update the clock mapping.</summary>
    public void OnRtcp(ReadOnlySpan<byte> data)
    {
        if (RtcpSenderReport.TryFind(data, out var report))
        {
            Counters.SenderReport();
            _clock.OnSenderReport(report);
        }
    }

    /// <summary>Forgets partial units and sequence state (e.g. after a reconnect).</summary>
    public void Reset()
    {
        Depacketizer.Reset();
        _started = false;
        _arrivalBased = false;
    }

    void IAccessUnitSink.OnAccessUnit(AccessUnit unit)
    {
        unit.UtcTime = _clock.ToUtc(unit.RtpTimestamp, _arrival);
        unit.TimeSource = _clock.Source;
        _output.OnAccessUnit(unit);
    }
}
