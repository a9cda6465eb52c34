using System.Buffers.Binary;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>
/// Reads rtpdump files (rtptools' "#!rtpplay1.0" format): a text line, a 16-byte file header, then records of
/// [u16 record length, u16 RTP length (0 = RTCP), u32 offset ms] followed by the packet.
/// </summary>
public static class RtpDump
{
    public static List<RtpDumpRecord> Read(string path)
    {
        var data = File.ReadAllBytes(path);
        var newline = Array.IndexOf(data, (byte)'\n');
        Assert.True(newline > 0 && data.AsSpan(0, 12).SequenceEqual("#!rtpplay1.0"u8), $"{path} is not an rtpdump file");
        var i = newline + 1 + 16;
        var records = new List<RtpDumpRecord>();
        while (i + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i));
            var rtpLength = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(i + 2));
            var offset = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(i + 4));
            records.Add(new RtpDumpRecord(rtpLength == 0, offset, data[(i + 8)..(i + length)]));
            i += length;
        }

        return records;
    }

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
