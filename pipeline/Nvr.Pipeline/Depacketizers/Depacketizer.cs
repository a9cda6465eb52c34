using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>
/// Turns the RTP packets of one stream (in sequence order) into access units. Implementations never emit a
/// unit they could not rebuild completely: after a loss (<c>discontinuity</c>) the partial unit is dropped and
/// video waits for the next keyframe. Counted in <see cref="Counters"/>.
/// </summary>
public abstract class Depacketizer
{
    /// <summary>Units larger than this are dropped (bounded memory against a broken or hostile sender).</summary>
    public const int MaxUnitSize = 16 * 1024 * 1024;

    protected Depacketizer(StreamDescription stream, IAccessUnitSink sink)
    {
        Stream = stream;
        Sink = sink;
    }

    public StreamDescription Stream { get; }

    public DepacketizerCounters Counters { get; } = new();

    protected IAccessUnitSink Sink { get; }

    /// <summary>
    /// Feeds one packet. <paramref name="timestamp"/> is the packet's unwrapped RTP timestamp;
    /// <paramref name="discontinuity"/> is true when packets were lost right before this one.
    /// </summary>
    public abstract void Push(in RtpPacket packet, long timestamp, bool discontinuity);

    /// <summary>Drops any partial unit (e.g. when the connection is lost).</summary>
    public abstract void Reset();

    protected AccessUnitInfo InfoFor(long timestamp, bool keyframe) =>
        new(Stream.Index, Stream.Kind, Stream.Codec, Stream.ClockRate, timestamp, keyframe, default);

    protected void Emit(AccessUnit unit)
    {
        Counters.Emitted();
        Sink.OnAccessUnit(unit);
    }

    /// <summary>Creates the depacketizer for a stream's codec; null when the codec is not supported.</summary>
    /// <exception cref="FormatException">The stream's format parameters are outside what the depacketizer handles.</exception>
    public static Depacketizer? Create(StreamDescription stream, IAccessUnitSink sink) => stream.Codec switch
    {
        MediaCodec.H264 => new H264Depacketizer(stream, sink),
        MediaCodec.H265 => new H265Depacketizer(stream, sink),
        MediaCodec.Aac => new AacDepacketizer(stream, sink),
        MediaCodec.Pcmu or MediaCodec.Pcma => new G711Depacketizer(stream, sink),
        MediaCodec.OnvifMetadata => new MetadataDepacketizer(stream, sink),
        _ => null,
    };
}
