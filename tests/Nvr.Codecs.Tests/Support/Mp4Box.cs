using System.Buffers.Binary;
using System.Text;

namespace Nvr.Codecs.Tests.Support;

/// <summary>A minimal independent ISO-BMFF reader for assertions: boxes with type, offset, size and children.</summary>
public sealed record Mp4Box(string Type, long Offset, long Size, int HeaderSize, byte[] File)
{
    private static readonly HashSet<string> Containers = ["moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf", "mfra", "dinf", "sinf", "schi"];

    public ReadOnlySpan<byte> Payload => File.AsSpan((int)(Offset + HeaderSize), (int)(Size - HeaderSize));

    public List<Mp4Box> Children => Containers.Contains(Type) ? Parse(File, Offset + HeaderSize, Offset + Size)
        : Type == "stsd" ? Parse(File, Offset + HeaderSize + 8, Offset + Size) : [];

    public Mp4Box Child(string type) => Children.Single(c => c.Type == type);

    public IEnumerable<Mp4Box> All(string type) => Children.Where(c => c.Type == type);

    public uint U32(int payloadOffset) => BinaryPrimitives.ReadUInt32BigEndian(Payload.Slice(payloadOffset));

    public ulong U64(int payloadOffset) => BinaryPrimitives.ReadUInt64BigEndian(Payload.Slice(payloadOffset));

    public static List<Mp4Box> Parse(byte[] file) => Parse(file, 0, file.Length);

    public static List<Mp4Box> Parse(byte[] file, long start, long end)
    {
        var list = new List<Mp4Box>();
        long o = start;
        while (o + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)o));
            string type = Encoding.ASCII.GetString(file, (int)o + 4, 4);
            int header = 8;
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(file.AsSpan((int)o + 8));
                header = 16;
            }
            if (size < header || o + size > end) throw new InvalidDataException($"Box {type} at {o} has bad size {size}.");
            list.Add(new Mp4Box(type, o, size, header, file));
            o += size;
        }
        if (o != end) throw new InvalidDataException($"{end - o} trailing bytes after the last box.");
        return list;
    }

    /// <summary>trun entries: (duration, size, flags, cto) for the fields present.</summary>
    public List<(uint Duration, uint Size, uint Flags, int Cto)> TrunSamples(out int dataOffset)
    {
        uint flags = U32(0) & 0xFFFFFF;
        int count = (int)U32(4);
        int p = 8;
        dataOffset = 0;
        if ((flags & 1) != 0)
        {
            dataOffset = (int)U32(p);
            p += 4;
        }
        if ((flags & 4) != 0) p += 4;
        var list = new List<(uint, uint, uint, int)>();
        for (int i = 0; i < count; i++)
        {
            uint d = 0, s = 0, f = 0;
            int c = 0;
            if ((flags & 0x100) != 0) { d = U32(p); p += 4; }
            if ((flags & 0x200) != 0) { s = U32(p); p += 4; }
            if ((flags & 0x400) != 0) { f = U32(p); p += 4; }
            if ((flags & 0x800) != 0) { c = (int)U32(p); p += 4; }
            list.Add((d, s, f, c));
        }
        return list;
    }
}
