using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Sdp;

namespace Nvr.Fuzzing.Targets;

/// <summary>Stream descriptions made by the production SDP parser from the SDP the GStreamer test server (or an ONVIF camera) sends.</summary>
public static class MediaStreams
{
    private static readonly Uri Base = new("rtsp://127.0.0.1:8554/test");

    public const string H264 = "v=0\r\ns=fuzz\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n" +
        "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z2QAH6y0AoAt2AiAAAADAIAAABkHjBlQ,aO88sA==;profile-level-id=64001f\r\na=control:stream=0\r\n";

    public const string H265 = "v=0\r\ns=fuzz\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H265/90000\r\n" +
        "a=fmtp:96 sprop-vps=QAEMAf//AWAAAAMAkAAAAwAAAwBdugJA;sprop-sps=QgEBAWAAAAMAkAAAAwAAAwBdoAKAgC0WW6kkyvAWgIAAAAMAgAAADIQ=;sprop-pps=RAHBcrRiQA==\r\na=control:stream=0\r\n";

    public const string Aac = "v=0\r\ns=fuzz\r\nm=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/2\r\n" +
        "a=fmtp:97 streamtype=5;profile-level-id=2;mode=AAC-hbr;config=119056e500;sizelength=13;indexlength=3;indexdeltalength=3\r\na=control:stream=0\r\n";

    public const string Pcmu = "v=0\r\ns=fuzz\r\nm=audio 0 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=control:stream=0\r\n";

    public const string Metadata = "v=0\r\ns=fuzz\r\nm=application 0 RTP/AVP 107\r\na=rtpmap:107 vnd.onvif.metadata/90000\r\na=control:stream=0\r\n";

    /// <summary>A fresh description (each carries its own in-band parameter sets).</summary>
    public static StreamDescription Describe(string sdp) => SdpParser.Parse(sdp, Base).Streams[0];
}

/// <summary>Takes every emitted unit, checks it is self-consistent (NAL ranges inside the payload) and releases it.</summary>
public sealed class CheckingSink : IAccessUnitSink
{
    public Action<AccessUnit>? Inspect { get; init; }

    public int Units { get; private set; }

    public void OnAccessUnit(AccessUnit unit)
    {
        try
        {
            Units++;
            var size = unit.Size;
            foreach (var range in unit.NalRanges)
            {
                if (range.Offset < 0 || range.Length < 0 || range.Offset + range.Length > size)
                {
                    throw new InvalidOperationException($"access unit NAL range {range.Offset}+{range.Length} outside its {size}-byte payload");
                }
            }

            Inspect?.Invoke(unit);
        }
        finally
        {
            unit.Release();
        }
    }
}

/// <summary>A clock standing still at one instant (wall and monotonic), so runs are reproducible.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override long GetTimestamp() => 0;
}
