using System.Buffers.Binary;
using System.Text;

namespace Nvr.Codecs.Mp4.Reading;

/// <summary>An ISO BMFF box inside a buffer: type, start of the box, start of its payload and its end.</summary>
internal readonly record struct IsoBox(string Type, int Start, int PayloadStart, int End);

/// <summary>Walks ISO BMFF boxes in a buffer; malformed sizes are <see cref="InvalidDataException"/>.</summary>
internal static class IsoBoxScanner
{
    public static List<IsoBox> Children(ReadOnlySpan<byte> d, int start, int end)
    {
        var boxes = new List<IsoBox>();
        int at = start;
        while (at + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(d[at..]);
            string type = Encoding.ASCII.GetString(d.Slice(at + 4, 4));
            int header = 8;
            if (size == 1)
            {
                if (at + 16 > end) throw new InvalidDataException($"box {type} at {at}: truncated large size");
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(d[(at + 8)..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = end - at;
            }

            if (size < header || at + size > end) throw new InvalidDataException($"box {type} at {at}: size {size} outside its parent");
            boxes.Add(new IsoBox(type, at, at + header, (int)(at + size)));
            at = (int)(at + size);
        }

        return boxes;
    }

    public static List<IsoBox> Children(ReadOnlySpan<byte> d, IsoBox parent) => Children(d, parent.PayloadStart, parent.End);

    public static IsoBox? Find(ReadOnlySpan<byte> d, IsoBox parent, params string[] path)
    {
        IsoBox current = parent;
        foreach (string type in path)
        {
            IsoBox? next = null;
            foreach (IsoBox child in Children(d, current))
            {
                if (child.Type == type)
                {
                    next = child;
                    break;
                }
            }

            if (next is null) return null;
            current = next.Value;
        }

        return current;
    }

    public static uint U32(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt32BigEndian(d[at..]);

    public static ushort U16(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt16BigEndian(d[at..]);

    public static ulong U64(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt64BigEndian(d[at..]);
}
