using Microsoft.Extensions.Logging;

namespace Nvr.Pipeline.Ingest;

/// <summary>Log messages of the ingest (source-generated: no allocation when the level is off).</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "RTSP {Source}: playing {StreamCount} stream(s) over {Transport}: {Streams}")]
    public static partial void Playing(ILogger logger, Uri source, int streamCount, Nvr.Pipeline.Rtsp.RtspTransport transport, string streams);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "RTSP {Source}: session failed ({Failure}): {Reason}")]
    public static partial void SessionFailed(ILogger logger, Uri source, string failure, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "stream #{StreamIndex} ({Codec}): {Lost} RTP packet(s) lost in total, {Reordered} late; units dropped so far {DroppedUnits}, video resumes at the next keyframe")]
    public static partial void PacketsLost(ILogger logger, int streamIndex, MediaCodec codec, long lost, long reordered, long droppedUnits);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "consumer too slow: output channel full ({Capacity} units), dropping until the next keyframe ({DroppedGops} drop episode(s), {DroppedUnits} unit(s) so far)")]
    public static partial void ChannelFull(ILogger logger, int capacity, long droppedGops, long droppedUnits);
}
