using System.Buffers.Binary;

namespace Nvr.Pipeline.Simulator;

/// <summary>
/// Reads rtptools' rtpdump format ("#!rtpplay1.0 address/port" line, 16-byte file header, then records of
/// [u16 record length, u16 RTP length (0 = RTCP), u32 offset in ms] followed by the packet).
/// </summary>
public static class RtpDumpReader
{
    public static List<RtpDumpPacket> Read(ReadOnlySpan<byte> data)
    {
        var newline = data.IndexOf((byte)'\n');
        if (newline <= 0 || !data.StartsWith("#!rtpplay1.0"u8))
        {
            throw new InvalidDataException("not an rtpdump capture (no #!rtpplay1.0 line)");
        }

        var i = newline + 1 + 16;
        var packets = new List<RtpDumpPacket>();
        while (i + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            var rtpLength = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]);
            if (length < 8 || i + length > data.Length)
            {
                throw new InvalidDataException($"rtpdump record at byte {i} has an invalid length {length}");
            }

            packets.Add(new RtpDumpPacket(rtpLength == 0, TimeSpan.FromMilliseconds(offset), data[(i + 8)..(i + length)].ToArray()));
            i += length;
        }

        return packets;
    }
}
