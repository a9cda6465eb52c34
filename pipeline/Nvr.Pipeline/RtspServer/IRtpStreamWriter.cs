using System.IO.Pipelines;
using Nvr.Pipeline.Packetizers;

namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// Where a set-up stream's RTP and RTCP go: interleaved into the RTSP connection (<see cref="InterleavedRtpWriter"/>)
/// or in UDP datagrams to the client's ports (<see cref="UdpRtpWriter"/>). The packetizer calls
/// <see cref="IRtpPacketSink.OnPacket"/> for each packet of the access unit begun last.
/// </summary>
internal interface IRtpStreamWriter : IRtpPacketSink, IDisposable
{
    long Packets { get; }

    long PayloadOctets { get; }

    /// <summary>
    /// Prepares the next access unit: its first packet gets the replay extension unless <paramref name="extension"/> is
    /// false (live streams); interleaved packets go to <paramref name="output"/>.
    /// </summary>
    void BeginAccessUnit(PipeWriter output, DateTime utc, ReplayHeaderExtension.Flags flags, int playCSeq, bool extension = true);

    /// <summary>Sends an RTCP compound (SR, optionally BYE) for the stream.</summary>
    void WriteSenderReport(PipeWriter output, uint ssrc, ulong ntp, uint rtpTimestamp, bool bye);
}

/// <summary>The byte layout shared by both writers: an RTP packet with the replay extension inserted, an RTCP SR (+ BYE).</summary>
internal static class RtpPacketFraming
{
    /// <summary>Copies <paramref name="packet"/> (a 12-byte header, no CSRC, no extension) into <paramref name="destination"/>, with the replay extension when asked.</summary>
    public static void Write(Span<byte> destination, ReadOnlySpan<byte> packet, bool extension, DateTime utc, ReplayHeaderExtension.Flags flags, int playCSeq)
    {
        packet[..12].CopyTo(destination);
        var at = 12;
        if (extension)
        {
            destination[0] |= 0x10; // X bit
            ReplayHeaderExtension.Write(destination[12..], utc, flags, playCSeq);
            at += ReplayHeaderExtension.Length;
        }

        packet[12..].CopyTo(destination[at..]);
    }

    public static int SenderReportLength(bool bye) => 28 + (bye ? 8 : 0);

    public static void WriteSenderReport(Span<byte> rtcp, uint ssrc, ulong ntp, uint rtpTimestamp, long packets, long octets, bool bye)
    {
        rtcp[0] = 0x80;
        rtcp[1] = 200; // SR
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(rtcp[2..], 6);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rtcp[4..], ssrc);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(rtcp[8..], ntp);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rtcp[16..], rtpTimestamp);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rtcp[20..], (uint)packets);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rtcp[24..], (uint)octets);
        if (bye)
        {
            rtcp[28] = 0x81;
            rtcp[29] = 203; // BYE
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(rtcp[30..], 1);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(rtcp[32..], ssrc);
        }
    }
}
