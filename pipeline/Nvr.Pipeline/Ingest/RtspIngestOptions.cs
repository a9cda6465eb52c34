using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.Ingest;

/// <summary>Configuration of one RTSP ingest.</summary>
public sealed record RtspIngestOptions(Uri Source)
{
    /// <summary>Credentials; when null the ones in <see cref="Source"/> (user:pass@) are used.</summary>
    public RtspCredentials? Credentials { get; init; }

    /// <summary>
    /// Asked at every connect when neither <see cref="Credentials"/> nor <see cref="Source"/> carry any: the device's
    /// default account for cameras (the ONVIF remote user). Null, or returning null: connect without credentials.
    /// </summary>
    public Func<RtspCredentials?>? DefaultCredentials { get; init; }

    public RtspTransport Transport { get; init; } = RtspTransport.TcpInterleaved;

    /// <summary>Time allowed for the TCP connect and for each RTSP response.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The session fails with <see cref="RtspFailure.Timeout"/> when no RTP arrives for this long.</summary>
    public TimeSpan MediaTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxRedirects { get; init; } = 3;

    /// <summary>Capacity of the output channel when the ingest creates it.</summary>
    public int ChannelCapacity { get; init; } = 512;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Shared read tick (TCP interleaved, after PLAY): a drained connection is read again at the next tick, in one
    /// read, instead of at every packet burst. Null: read as data arrives. One pacer serves many ingests.
    /// </summary>
    public ReadPacer? ReadPacer { get; init; }

    /// <summary>
    /// The shared timer of the sessions' keepalive and media watchdog deadlines. Null: the <see cref="ReadPacer"/>'s
    /// (<see cref="ReadPacer.Deadlines"/>), else one of the session's own on <see cref="Time"/>.
    /// </summary>
    public DeadlineScheduler? Deadlines { get; init; }

    /// <summary>Where session starts/failures, packet loss and slow-consumer drops are logged.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
