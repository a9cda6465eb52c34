using System.Buffers.Binary;
using Nvr.Codecs.H264;
using Nvr.Codecs.H265;
using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Packetizers;

/// <summary>
/// H.264 (RFC 6184) / H.265 (RFC 7798) packetizer: consecutive small NAL units are aggregated (STAP-A / AP)
/// when <c>aggregate</c> is set, NAL units that fit go alone, larger ones are fragmented (FU-A / FU).
/// The marker bit is set on the access unit's last packet.
/// </summary>
public sealed class NalPacketizer : RtpPacketizer
{
    private readonly MediaCodec _codec;
    private readonly bool _aggregate;

    public NalPacketizer(MediaCodec codec, int payloadType, uint ssrc, int maxPacketSize = 1400, ushort firstSequence = 0, bool aggregate = true)
        : base(payloadType, ssrc, maxPacketSize, firstSequence)
    {
        if (!codec.IsNalVideo())
        {
            PipelineThrow.ArgumentOutOfRange(nameof(codec));
        }

        this._codec = codec;
        this._aggregate = aggregate;
    }

    private int HeaderSize => _codec.NalHeaderSize();

    public override void Packetize(ReadOnlySpan<byte> payload, ReadOnlySpan<NalRange> units, uint timestamp, IRtpPacketSink sink)
    {
        var i = 0;
        while (i < units.Length)
        {
            var nal = payload.Slice(units[i].Offset, units[i].Length);
            var group = _aggregate ? CountAggregatable(payload, units, i) : 1;
            if (group >= 2)
            {
                SendAggregate(payload, units.Slice(i, group), timestamp, i + group == units.Length, sink);
                i += group;
            }
            else if (nal.Length <= MaxPayload)
            {
                nal.CopyTo(PayloadArea);
                Send(nal.Length, timestamp, i == units.Length - 1, sink);
                i++;
            }
            else
            {
                SendFragments(nal, timestamp, i == units.Length - 1, sink);
                i++;
            }
        }
    }

    private int CountAggregatable(ReadOnlySpan<byte> payload, ReadOnlySpan<NalRange> units, int start)
    {
        var size = HeaderSize;
        var count = 0;
        for (var i = start; i < units.Length; i++)
        {
            var add = 2 + units[i].Length;
            if (size + add > MaxPayload)
            {
                break;
            }

            size += add;
            count++;
        }

        _ = payload;
        return count;
    }

    private void SendAggregate(ReadOnlySpan<byte> payload, ReadOnlySpan<NalRange> group, uint timestamp, bool last, IRtpPacketSink sink)
    {
        var area = PayloadArea;
        var first = payload.Slice(group[0].Offset, group[0].Length);
        int offset;
        if (_codec == MediaCodec.H264)
        {
            // F and NRI: the highest of the aggregated units (RFC 6184 §5.7); type 24.
            byte nri = 0;
            foreach (var r in group)
            {
                nri = Math.Max(nri, (byte)(payload[r.Offset] & H264Nal.RefIdcMask));
            }

            area[0] = (byte)(nri | H264Nal.StapA);
            offset = 1;
        }
        else
        {
            area[0] = H265Nal.WithType(first[0], H265Nal.AggregationPacket);
            area[1] = first[1];
            offset = 2;
        }

        foreach (var r in group)
        {
            BinaryPrimitives.WriteUInt16BigEndian(area[offset..], (ushort)r.Length);
            payload.Slice(r.Offset, r.Length).CopyTo(area[(offset + 2)..]);
            offset += 2 + r.Length;
        }

        Send(offset, timestamp, last, sink);
    }

    private void SendFragments(ReadOnlySpan<byte> nal, uint timestamp, bool lastNal, IRtpPacketSink sink)
    {
        var header = HeaderSize;
        var fuOverhead = header + 1;
        var body = nal[header..];
        var chunk = MaxPayload - fuOverhead;
        var start = true;
        while (!body.IsEmpty)
        {
            var take = Math.Min(chunk, body.Length);
            var end = take == body.Length;
            var area = PayloadArea;
            if (_codec == MediaCodec.H264)
            {
                area[0] = (byte)((nal[0] & H264Nal.ForbiddenAndRefIdcMask) | H264Nal.FuA);
                area[1] = (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | H264Nal.Type(nal[0]));
            }
            else
            {
                area[0] = H265Nal.WithType(nal[0], H265Nal.FragmentationUnit);
                area[1] = nal[1];
                area[2] = (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | H265Nal.Type(nal[0]));
            }

            body[..take].CopyTo(area[fuOverhead..]);
            Send(fuOverhead + take, timestamp, end && lastNal, sink);
            body = body[take..];
            start = false;
        }
    }
}
