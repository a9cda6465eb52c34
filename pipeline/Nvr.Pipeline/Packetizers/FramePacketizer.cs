using System.Buffers.Binary;
using Nvr.Codecs.Fmp4;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Packetizers;

/// <summary>
/// Packetizer for frame-based payloads: AAC (RFC 3640 AAC-hbr, one frame per packet with a 13+3-bit AU
/// header, fragmented when larger than a packet), G.711 and ONVIF metadata (raw bytes, split over packets,
/// marker on the last).
/// </summary>
public sealed class FramePacketizer : RtpPacketizer
{
    private readonly MediaCodec _codec;

    public FramePacketizer(MediaCodec codec, int payloadType, uint ssrc, int maxPacketSize = 1400, ushort firstSequence = 0)
        : base(payloadType, ssrc, maxPacketSize, firstSequence)
    {
        if (codec.Kind() is not (TrackKind.Audio or TrackKind.Metadata))
        {
            PipelineThrow.ArgumentOutOfRange(nameof(codec));
        }

        this._codec = codec;
    }

    public override void Packetize(ReadOnlySpan<byte> payload, ReadOnlySpan<NalRange> units, uint timestamp, IRtpPacketSink sink)
    {
        foreach (var unit in units)
        {
            var frame = payload.Slice(unit.Offset, unit.Length);
            if (_codec == MediaCodec.Aac)
            {
                SendAac(frame, timestamp, sink);
            }
            else
            {
                SendRaw(frame, timestamp, sink);
            }
        }
    }

    private void SendAac(ReadOnlySpan<byte> frame, uint timestamp, IRtpPacketSink sink)
    {
        if (frame.Length >= 1 << 13)
        {
            PipelineThrow.ArgumentOutOfRange(nameof(frame));
        }

        var chunk = MaxPayload - 4;
        var rest = frame;
        do
        {
            var take = Math.Min(chunk, rest.Length);
            var area = PayloadArea;
            BinaryPrimitives.WriteUInt16BigEndian(area, 16);
            BinaryPrimitives.WriteUInt16BigEndian(area[2..], (ushort)(frame.Length << 3));
            rest[..take].CopyTo(area[4..]);
            rest = rest[take..];
            Send(4 + take, timestamp, rest.IsEmpty, sink);
        }
        while (!rest.IsEmpty);
    }

    private void SendRaw(ReadOnlySpan<byte> frame, uint timestamp, IRtpPacketSink sink)
    {
        var rest = frame;
        do
        {
            var take = Math.Min(MaxPayload, rest.Length);
            rest[..take].CopyTo(PayloadArea);
            rest = rest[take..];
            Send(take, timestamp, rest.IsEmpty, sink);
        }
        while (!rest.IsEmpty);
    }
}
