using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.Ingest;

/// <summary>Routes interleaved channels to stream receivers (even: RTP, odd: RTCP, as set up).</summary>
internal sealed class InterleavedDispatcher : IInterleavedFrameHandler
{
    private readonly RtpStreamReceiver?[] rtp = new RtpStreamReceiver?[256];
    private readonly RtpStreamReceiver?[] rtcp = new RtpStreamReceiver?[256];

    public void Map(int rtpChannel, int rtcpChannel, RtpStreamReceiver receiver)
    {
        if (rtpChannel is >= 0 and < 256)
        {
            rtp[rtpChannel] = receiver;
        }

        if (rtcpChannel is >= 0 and < 256)
        {
            rtcp[rtcpChannel] = receiver;
        }
    }

    public void OnFrame(byte channel, ReadOnlySpan<byte> data)
    {
        var receiver = rtp[channel];
        if (receiver is not null)
        {
            receiver.OnRtp(data);
            return;
        }

        rtcp[channel]?.OnRtcp(data);
    }
}
