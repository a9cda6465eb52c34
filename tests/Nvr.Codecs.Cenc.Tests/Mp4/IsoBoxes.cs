using System.Buffers.Binary;
using System.Text;

namespace Nvr.Codecs.Cenc.Tests.Mp4;

/// <summary>One ISO-BMFF box inside a file buffer.</summary>
internal readonly record struct IsoBox(string Type, int Start, int HeaderSize, int Size)
{
    public int PayloadStart => Start + HeaderSize;

    public int End => Start + Size;
}

/// <summary>Minimal ISO-BMFF box walker for the tests (independent of the writers under test).</summary>
internal static class IsoBoxes
{
    /// <summary>Sample entry types whose children start after the fixed visual/audio sample entry fields.</summary>
    private static readonly Dictionary<string, int> SampleEntryHeader = new()
    {
        ["encv"] = 78, ["avc1"] = 78, ["avc3"] = 78, ["hvc1"] = 78, ["hev1"] = 78,
        ["enca"] = 28, ["mp4a"] = 28,
    };

    public static List<IsoBox> Children(byte[] data, int start, int end)
    {
        var list = new List<IsoBox>();
        int pos = start;
        while (pos + 8 <= end)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(pos));
            string type = Encoding.ASCII.GetString(data, pos + 4, 4);
            int header = 8;
            if (size == 1)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(pos + 8));
                header = 16;
            }
            else if (size == 0)
            {
                size = end - pos;
            }

            if (size < header || pos + size > end)
            {
                throw new InvalidDataException($"Box '{type}' at {pos} has a bad size {size}.");
            }

            list.Add(new IsoBox(type, pos, header, (int)size));
            pos += (int)size;
        }

        return list;
    }

    public static List<IsoBox> Children(byte[] data, IsoBox parent)
    {
        int start = parent.PayloadStart;
        if (parent.Type == "stsd")
        {
            start += 8;
        }
        else if (SampleEntryHeader.TryGetValue(parent.Type, out int skip))
        {
            start += skip;
        }

        return Children(data, start, parent.End);
    }

    public static IsoBox? Find(byte[] data, IsoBox parent, params string[] path)
    {
        IsoBox current = parent;
        foreach (string type in path)
        {
            IsoBox? next = null;
            foreach (IsoBox c in Children(data, current))
            {
                if (c.Type == type || (type == "*" && next is null))
                {
                    next = c;
                    break;
                }
            }

            if (next is null)
            {
                return null;
            }

            current = next.Value;
        }

        return current;
    }

    public static IsoBox Root(byte[] data) => new("root", 0, 0, data.Length);

    public static uint U32(byte[] d, int at) => BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(at));

    public static ushort U16(byte[] d, int at) => BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(at));
}
