using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.Ingest;

/// <summary>Routes interleaved channels to stream receivers (even: RTP, odd: RTCP, as set up).</summary>
internal sealed class InterleavedDispatcher : IInterleavedFrameHandler
{
    private readonly RtpStreamReceiver?[] _rtp = new RtpStreamReceiver?[256];
    private readonly RtpStreamReceiver?[] _rtcp = new RtpStreamReceiver?[256];

    public void Map(int rtpChannel, int rtcpChannel, RtpStreamReceiver receiver)
    {
        if (rtpChannel is >= 0 and < 256)
        {
            _rtp[rtpChannel] = receiver;
        }

        if (rtcpChannel is >= 0 and < 256)
        {
            _rtcp[rtcpChannel] = receiver;
        }
    }

    public void OnFrame(byte channel, ReadOnlySpan<byte> data)
    {
        var receiver = _rtp[channel];
        if (receiver is not null)
        {
            receiver.OnRtp(data);
            return;
        }

        _rtcp[channel]?.OnRtcp(data);
    }
}
