using System.Buffers.Binary;
using System.Text;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// Reads the RFC 6381 codec strings of an MP4's sample entries (moov/trak/mdia/minf/stbl/stsd) so the page can open
/// an MSE SourceBuffer of the right type: avc1.PPCCLL from the avcC box, mp4a.40.N from the AudioSpecificConfig's
/// object type (AAC LC when it cannot be read). Other entries are named by their four-character code.
/// </summary>
public static class Mp4CodecProbe
{
    private static readonly string[] Containers = ["moov", "trak", "mdia", "minf", "stbl"];

    public static IReadOnlyList<string> Codecs(ReadOnlySpan<byte> file)
    {
        var codecs = new List<string>();
        Walk(file, codecs);
        return codecs;
    }

    private static void Walk(ReadOnlySpan<byte> data, List<string> codecs)
    {
        var offset = 0;
        while (offset + 8 <= data.Length)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            var type = Encoding.ASCII.GetString(data.Slice(offset + 4, 4));
            var header = 8;
            if (size == 1 && offset + 16 <= data.Length)
            {
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(data[(offset + 8)..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = data.Length - offset;
            }

            if (size < header || offset + size > data.Length)
            {
                return;
            }

            var body = data.Slice(offset + header, (int)size - header);
            if (Containers.Contains(type))
            {
                Walk(body, codecs);
            }
            else if (type == "stsd" && body.Length >= 8)
            {
                Entries(body[8..], codecs);
            }

            offset += (int)size;
        }
    }

    private static void Entries(ReadOnlySpan<byte> data, List<string> codecs)
    {
        var offset = 0;
        while (offset + 8 <= data.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            if (size < 8 || offset + size > data.Length)
            {
                return;
            }

            var type = Encoding.ASCII.GetString(data.Slice(offset + 4, 4));
            var entry = data.Slice(offset + 8, size - 8);
            codecs.Add(type switch
            {
                "avc1" or "avc3" => Avc(type, entry),
                "mp4a" => "mp4a.40." + AacObjectType(entry),
                _ => type,
            });
            offset += size;
        }
    }

    private static string Avc(string type, ReadOnlySpan<byte> entry)
    {
        const int visualSampleEntry = 78; // reserved, data reference, pre-defined, size, resolution, frame count, compressor, depth
        var child = FindChild(entry, visualSampleEntry, "avcC");
        return child.Length >= 4 ? $"{type}.{child[1]:X2}{child[2]:X2}{child[3]:X2}" : type;
    }

    private static int AacObjectType(ReadOnlySpan<byte> entry)
    {
        const int audioSampleEntry = 28;
        var esds = FindChild(entry, audioSampleEntry, "esds");

        // esds: version/flags, then descriptors; the DecoderSpecificInfo (tag 5) starts with 5 bits of object type
        for (var i = 4; i + 2 < esds.Length; i++)
        {
            if (esds[i] == 0x05)
            {
                var j = i + 1;
                while (j < esds.Length && (esds[j] & 0x80) != 0)
                {
                    j++;
                }

                if (j + 1 < esds.Length)
                {
                    var objectType = esds[j + 1] >> 3;
                    return objectType is > 0 and < 31 ? objectType : 2;
                }
            }
        }

        return 2;
    }

    private static ReadOnlySpan<byte> FindChild(ReadOnlySpan<byte> entry, int skip, string wanted)
    {
        var offset = skip;
        while (offset + 8 <= entry.Length)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(entry[offset..]);
            if (size < 8 || offset + size > entry.Length)
            {
                break;
            }

            if (Encoding.ASCII.GetString(entry.Slice(offset + 4, 4)) == wanted)
            {
                return entry.Slice(offset + 8, size - 8);
            }

            offset += size;
        }

        return [];
    }
}
