using System.Buffers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;
using Nvr.Pipeline.Rtsp;
using Nvr.Pipeline.Sdp;
using Nvr.Recording.Triggers;

namespace Nvr.Fuzzing.Targets;

/// <summary>
/// Feeds an RTSP interleaved byte stream (channel 0 RTP, channel 1 RTCP, as SETUP maps them) into the production
/// <see cref="RtpStreamReceiver"/> of one stream: RTP parsing, sequence checks, timestamp unwrapping, the sender
/// report clock and the codec's depacketizer. Nothing in that path may throw: bad packets are counted and dropped.
/// </summary>
public abstract class ReceiverTarget : FuzzTarget
{
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    protected abstract StreamDescription Describe(ref FuzzInput input);

    protected virtual void Inspect(AccessUnit unit)
    {
    }

    public override void Run(ReadOnlySpan<byte> input)
    {
        var reader = new FuzzInput(input);
        var stream = Describe(ref reader);
        var receiver = new RtpStreamReceiver(stream, new CheckingSink { Inspect = Inspect }, Clock);
        var buffer = new ReadOnlySequence<byte>(reader.Rest.ToArray());
        while (RtspStreamParser.StartsWithInterleavedFrame(buffer) && RtspStreamParser.TryReadInterleaved(ref buffer, out var channel, out var payload))
        {
            var packet = payload.ToArray();
            switch (channel)
            {
                case 0:
                    receiver.OnRtp(packet);
                    break;
                case 1:
                    receiver.OnRtcp(packet);
                    break;
                case 2:
                    receiver.Reset(); // a reconnect
                    break;
            }
        }
    }
}

/// <summary>RTP and RTCP parsing with a clock rate the first byte picks (SDP allows any positive rate, 1 included).</summary>
public sealed class RtpRtcpTarget : ReceiverTarget
{
    private static readonly int[] ClockRates = [90_000, 8_000, 48_000, 1, 1_000, 16_000, 44_100, int.MaxValue];

    public override string Name => "rtp-rtcp";

    public override string Description => "RtpPacket.TryParse, RtcpSenderReport.TryFind and RtpStreamReceiver (H.264) with any SDP clock rate; false returns are rejections, no exception allowed";

    protected override StreamDescription Describe(ref FuzzInput input)
    {
        var rate = ClockRates[input.Byte() % ClockRates.Length];
        return MediaStreams.Describe(MediaStreams.H264.Replace("H264/90000", $"H264/{rate}", StringComparison.Ordinal));
    }

    public override void Run(ReadOnlySpan<byte> input)
    {
        // the bare parsers on the whole input first, then the receiver on it as an interleaved stream
        if (RtpPacket.TryParse(input, out var packet))
        {
            _ = packet.Payload.Length;
        }

        _ = RtcpSenderReport.TryFind(input, out var report);
        _ = report.NtpTimeUtc;
        base.Run(input);
    }
}

public sealed class H264DepacketizerTarget : ReceiverTarget
{
    public override string Name => "depacketize-h264";

    public override string Description => "H264Depacketizer (RFC 6184 single NAL, STAP-A, FU-A) through RtpStreamReceiver; no exception allowed";

    protected override StreamDescription Describe(ref FuzzInput input) => MediaStreams.Describe(MediaStreams.H264);
}

public sealed class H265DepacketizerTarget : ReceiverTarget
{
    public override string Name => "depacketize-h265";

    public override string Description => "H265Depacketizer (RFC 7798 single NAL, AP, FU) through RtpStreamReceiver; no exception allowed";

    protected override StreamDescription Describe(ref FuzzInput input) => MediaStreams.Describe(MediaStreams.H265);
}

public sealed class AacDepacketizerTarget : ReceiverTarget
{
    public override string Name => "depacketize-aac";

    public override string Description => "AacDepacketizer (RFC 3640 AAC-hbr AU headers, fragments) through RtpStreamReceiver; no exception allowed";

    protected override StreamDescription Describe(ref FuzzInput input) => MediaStreams.Describe(MediaStreams.Aac);
}

public sealed class G711DepacketizerTarget : ReceiverTarget
{
    public override string Name => "depacketize-g711";

    public override string Description => "G711Depacketizer (PCMU) through RtpStreamReceiver; no exception allowed";

    protected override StreamDescription Describe(ref FuzzInput input) => MediaStreams.Describe(MediaStreams.Pcmu);
}

/// <summary>The ONVIF metadata stream: depacketized documents go to the camera-event reader, as SourceRunner does.</summary>
public sealed class MetadataDepacketizerTarget : ReceiverTarget
{
    public override string Name => "depacketize-metadata";

    public override string Description => "MetadataDepacketizer through RtpStreamReceiver, each document into MetadataEventReader.Read; no exception allowed";

    protected override StreamDescription Describe(ref FuzzInput input) => MediaStreams.Describe(MediaStreams.Metadata);

    protected override void Inspect(AccessUnit unit)
    {
        if (unit.NalUnitCount > 0)
        {
            _ = MetadataEventReader.Read(unit.GetNalUnit(0).Span, DateTimeOffset.UnixEpoch);
        }
    }
}

/// <summary>The SDP a camera answers DESCRIBE with. Documented rejection: <see cref="FormatException"/>.</summary>
public sealed class SdpTarget : FuzzTarget
{
    private static readonly Uri Base = new("rtsp://127.0.0.1:8554/cam?profile=1");

    public override string Name => "sdp";

    public override string Description => "SdpParser.Parse and Depacketizer.Create for each stream it describes; FormatException from either is the rejection";

    public override void Run(ReadOnlySpan<byte> input)
    {
        SessionDescription description;
        try
        {
            description = SdpParser.Parse(FuzzInput.Utf8(input), Base);
        }
        catch (FormatException)
        {
            return;
        }

        foreach (var stream in description.Streams)
        {
            _ = stream.ControlUri;
            _ = stream.ParameterSets;
            try
            {
                _ = Nvr.Pipeline.Depacketizers.Depacketizer.Create(stream, new CheckingSink());
            }
            catch (FormatException)
            {
                // documented: format parameters the depacketizer cannot use (RtspIngest reports UnusableDescription)
            }
        }
    }
}
