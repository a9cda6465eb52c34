using System.Buffers.Binary;
using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Mp4;

/// <summary>
/// Reads a fragmented MP4 / CMAF segment held in memory (the inverse of the segment writers): the tracks of
/// <c>moov</c> and every sample of every <c>moof</c>/<c>trun</c>, in file order. Malformed input is an
/// <see cref="InvalidDataException"/>, never a read beyond the buffer.
/// </summary>
public static class FragmentedMp4Reader
{
    /// <summary>A trun whose samples carry no fields (all defaults) may list at most this many (bounded memory and time).</summary>
    private const uint MaxSamplesWithoutFields = 1 << 20;

    private const uint TfhdBaseDataOffset = 0x1;
    private const uint TfhdSampleDescription = 0x2;
    private const uint TfhdDefaultDuration = 0x8;
    private const uint TfhdDefaultSize = 0x10;
    private const uint TfhdDefaultFlags = 0x20;
    private const uint TfhdDefaultBaseIsMoof = 0x20000;
    private const uint TrunDataOffset = 0x1;
    private const uint TrunFirstSampleFlags = 0x4;
    private const uint TrunDuration = 0x100;
    private const uint TrunSize = 0x200;
    private const uint TrunFlags = 0x400;
    private const uint TrunCto = 0x800;
    private const uint NonSyncFlag = 0x10000;

    /// <summary>Tracks and samples of <paramref name="file"/>.</summary>
    public static (IReadOnlyList<Mp4TrackInfo> Tracks, IReadOnlyList<Mp4Sample> Samples) Read(ReadOnlySpan<byte> file)
    {
        var tracks = new List<Mp4TrackInfo>();
        var defaults = new Dictionary<uint, (uint Duration, uint Size, uint Flags)>();
        var samples = new List<Mp4Sample>();
        foreach (var (type, start, body) in Boxes(file, 0, file.Length))
        {
            if (type == "moov")
            {
                ReadMoov(file, start, body, tracks, defaults);
            }
            else if (type == "moof")
            {
                ReadMoof(file, start, body, tracks, defaults, samples);
            }
        }

        if (tracks.Count == 0)
        {
            throw new InvalidDataException("no moov track in the file");
        }

        return (tracks, samples);
    }

    private static void ReadMoov(ReadOnlySpan<byte> f, int start, (int Offset, int End) body, List<Mp4TrackInfo> tracks, Dictionary<uint, (uint, uint, uint)> defaults)
    {
        foreach (var (type, _, inner) in Boxes(f, body.Offset, body.End))
        {
            if (type == "trak")
            {
                tracks.Add(ReadTrak(f, inner));
            }
            else if (type == "mvex")
            {
                foreach (var (t, _, trex) in Boxes(f, inner.Offset, inner.End))
                {
                    if (t == "trex")
                    {
                        var b = f[trex.Offset..trex.End];
                        Need(b, 24);
                        defaults[U32(b, 4)] = (U32(b, 12), U32(b, 16), U32(b, 20));
                    }
                }
            }
        }

        _ = start;
    }

    private static Mp4TrackInfo ReadTrak(ReadOnlySpan<byte> f, (int Offset, int End) trak)
    {
        uint id = 0, timescale = 0;
        var kind = TrackKind.Metadata;
        (int Offset, int End) stsd = default;
        foreach (var (type, _, box) in Boxes(f, trak.Offset, trak.End))
        {
            if (type == "tkhd")
            {
                var b = f[box.Offset..box.End];
                Need(b, 24);
                id = b[0] == 1 ? U32(b, 20) : U32(b, 12);
            }
            else if (type == "mdia")
            {
                foreach (var (mt, _, m) in Boxes(f, box.Offset, box.End))
                {
                    var b = f[m.Offset..m.End];
                    if (mt == "mdhd")
                    {
                        Need(b, 24);
                        timescale = b[0] == 1 ? U32(b, 20) : U32(b, 12);
                    }
                    else if (mt == "hdlr")
                    {
                        Need(b, 12);
                        kind = System.Text.Encoding.ASCII.GetString(b.Slice(8, 4)) switch
                        {
                            "vide" => TrackKind.Video,
                            "soun" => TrackKind.Audio,
                            _ => TrackKind.Metadata,
                        };
                    }
                    else if (mt == "minf")
                    {
                        stsd = Find(f, m, "stbl") is { } stbl ? Find(f, stbl, "stsd") ?? default : default;
                    }
                }
            }
        }

        if (id == 0 || timescale == 0 || stsd.End == 0)
        {
            throw new InvalidDataException("trak without track_ID, timescale or sample description");
        }

        return ReadSampleEntry(f, stsd, id, kind, timescale);
    }

    private static Mp4TrackInfo ReadSampleEntry(ReadOnlySpan<byte> f, (int Offset, int End) stsd, uint id, TrackKind kind, uint timescale)
    {
        // stsd: full box header (4) + entry_count (4), then the first entry.
        var first = Boxes(f, stsd.Offset + 8, stsd.End).FirstOrDefault();
        if (first.Type is null)
        {
            throw new InvalidDataException("empty stsd");
        }

        var format = first.Type;
        var encrypted = format is "encv" or "enca";
        var entry = f[first.Body.Offset..first.Body.End];
        int width = 0, height = 0, channels = 0, rate = 0;
        int childStart;
        if (kind == TrackKind.Video)
        {
            Need(entry, 78);
            width = BinaryPrimitives.ReadUInt16BigEndian(entry[24..]);
            height = BinaryPrimitives.ReadUInt16BigEndian(entry[26..]);
            childStart = first.Body.Offset + 78;
        }
        else if (kind == TrackKind.Audio)
        {
            Need(entry, 28);
            channels = BinaryPrimitives.ReadUInt16BigEndian(entry[16..]);
            rate = (int)(U32(entry, 24) >> 16);
            childStart = first.Body.Offset + 28;
        }
        else
        {
            childStart = first.Body.End;
        }

        ReadOnlyMemory<byte> config = ReadOnlyMemory<byte>.Empty;
        foreach (var (type, _, box) in Boxes(f, childStart, first.Body.End))
        {
            if (type is "avcC" or "hvcC")
            {
                config = f[box.Offset..box.End].ToArray();
            }
            else if (type == "esds")
            {
                config = AudioConfigOfEsds(f[box.Offset..box.End]);
            }
            else if (type == "sinf" && Find(f, box, "frma") is { } frma && frma.End - frma.Offset >= 4)
            {
                format = System.Text.Encoding.ASCII.GetString(f.Slice(frma.Offset, 4));
            }
        }

        MediaCodec? codec = format switch
        {
            "avc1" or "avc3" => MediaCodec.H264,
            "hvc1" or "hev1" => MediaCodec.H265,
            "mp4a" => MediaCodec.Aac,
            "ulaw" => MediaCodec.Pcmu,
            "alaw" => MediaCodec.Pcma,
            "metx" => MediaCodec.OnvifMetadata,
            _ => null,
        };
        return new Mp4TrackInfo(id, kind, codec, timescale, config, width, height, channels, rate, encrypted);
    }

    private static byte[] AudioConfigOfEsds(ReadOnlySpan<byte> esds)
    {
        // Walk the descriptors (tag, expandable size) for DecSpecificInfo (tag 5).
        var i = 4;
        while (i < esds.Length)
        {
            var tag = esds[i++];
            var size = 0;
            for (var k = 0; k < 4 && i < esds.Length; k++)
            {
                var b = esds[i++];
                size = (size << 7) | (b & 0x7F);
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            switch (tag)
            {
                case 0x03:
                    i += 3;
                    continue;
                case 0x04:
                    i += 13;
                    continue;
                case 0x05:
                    return i + size <= esds.Length ? esds.Slice(i, size).ToArray() : [];
                default:
                    i += size;
                    break;
            }
        }

        return [];
    }

    private static void ReadMoof(ReadOnlySpan<byte> f, int moofStart, (int Offset, int End) moof, List<Mp4TrackInfo> tracks, Dictionary<uint, (uint Duration, uint Size, uint Flags)> trex, List<Mp4Sample> samples)
    {
        foreach (var (type, _, traf) in Boxes(f, moof.Offset, moof.End))
        {
            if (type != "traf")
            {
                continue;
            }

            uint trackId = 0, flags = 0;
            long baseOffset = moofStart;
            (uint Duration, uint Size, uint Flags) d = default;
            long dts = 0;
            foreach (var (t, _, box) in Boxes(f, traf.Offset, traf.End))
            {
                var b = f[box.Offset..box.End];
                if (t == "tfhd")
                {
                    Need(b, 8);
                    flags = U32(b, 0) & 0xFFFFFF;
                    trackId = U32(b, 4);
                    d = trex.GetValueOrDefault(trackId);
                    var p = 8;
                    if ((flags & TfhdBaseDataOffset) != 0) { Need(b, p + 8); baseOffset = (long)BinaryPrimitives.ReadUInt64BigEndian(b[p..]); p += 8; }
                    if ((flags & TfhdSampleDescription) != 0) p += 4;
                    if ((flags & TfhdDefaultDuration) != 0) { Need(b, p + 4); d.Duration = U32(b, p); p += 4; }
                    if ((flags & TfhdDefaultSize) != 0) { Need(b, p + 4); d.Size = U32(b, p); p += 4; }
                    if ((flags & TfhdDefaultFlags) != 0) { Need(b, p + 4); d.Flags = U32(b, p); }
                    _ = TfhdDefaultBaseIsMoof;
                }
                else if (t == "tfdt")
                {
                    Need(b, 8);
                    dts = b[0] == 1 ? (long)BinaryPrimitives.ReadUInt64BigEndian(b[4..]) : U32(b, 4);
                }
                else if (t == "trun")
                {
                    var video = tracks.FirstOrDefault(x => x.TrackId == trackId)?.Kind == TrackKind.Video;
                    dts = ReadTrun(f, b, baseOffset, trackId, d, dts, video, samples);
                }
            }
        }
    }

    private static long ReadTrun(ReadOnlySpan<byte> f, ReadOnlySpan<byte> b, long baseOffset, uint trackId, (uint Duration, uint Size, uint Flags) d, long dts, bool video, List<Mp4Sample> samples)
    {
        Need(b, 8);
        var flags = U32(b, 0) & 0xFFFFFF;
        var signedCto = b[0] == 1;
        var count = U32(b, 4);
        var p = 8;
        long offset = baseOffset;
        if ((flags & TrunDataOffset) != 0) { Need(b, p + 4); offset += BinaryPrimitives.ReadInt32BigEndian(b[p..]); p += 4; }
        uint? firstFlags = null;
        if ((flags & TrunFirstSampleFlags) != 0) { Need(b, p + 4); firstFlags = U32(b, p); p += 4; }
        var per = 4 * (((flags & TrunDuration) != 0 ? 1 : 0) + ((flags & TrunSize) != 0 ? 1 : 0) + ((flags & TrunFlags) != 0 ? 1 : 0) + ((flags & TrunCto) != 0 ? 1 : 0));
        if (per > 0 ? count > (uint)((b.Length - p) / per) : count > MaxSamplesWithoutFields)
        {
            // without per-sample fields nothing in the box bounds the count: 2^32 default samples hung replay (found by afl-fuzz)
            throw new InvalidDataException("trun sample count exceeds the box");
        }

        for (var i = 0; i < count; i++)
        {
            uint duration = d.Duration, size = d.Size, sampleFlags = i == 0 && firstFlags is { } ff ? ff : d.Flags;
            var cto = 0;
            if ((flags & TrunDuration) != 0) { duration = U32(b, p); p += 4; }
            if ((flags & TrunSize) != 0) { size = U32(b, p); p += 4; }
            if ((flags & TrunFlags) != 0) { sampleFlags = U32(b, p); p += 4; }
            if ((flags & TrunCto) != 0) { cto = signedCto ? BinaryPrimitives.ReadInt32BigEndian(b[p..]) : (int)U32(b, p); p += 4; }
            if (offset < 0 || offset + size > f.Length)
            {
                throw new InvalidDataException("trun sample beyond the end of the file");
            }

            samples.Add(new Mp4Sample(trackId, dts, cto, duration, !video || (sampleFlags & NonSyncFlag) == 0, (int)offset, (int)size));
            offset += size;
            dts += duration;
        }

        return dts;
    }

    private static (int Offset, int End)? Find(ReadOnlySpan<byte> f, (int Offset, int End) parent, string type)
    {
        foreach (var (t, _, body) in Boxes(f, parent.Offset, parent.End))
        {
            if (t == type)
            {
                return body;
            }
        }

        return null;
    }

    private static List<(string Type, int Start, (int Offset, int End) Body)> Boxes(ReadOnlySpan<byte> f, int from, int to)
    {
        var list = new List<(string, int, (int, int))>();
        var p = from;
        while (p + 8 <= to)
        {
            long size = U32(f, p);
            var header = 8;
            if (size == 1)
            {
                if (p + 16 > to) throw new InvalidDataException("truncated largesize box");
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(f[(p + 8)..]);
                header = 16;
            }
            else if (size == 0)
            {
                size = to - p;
            }

            if (size < header || p + size > to)
            {
                throw new InvalidDataException($"box at {p} overruns its parent");
            }

            var type = System.Text.Encoding.ASCII.GetString(f.Slice(p + 4, 4));
            list.Add((type, p, (p + header, (int)(p + size))));
            p += (int)size;
        }

        return list;
    }

    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32BigEndian(b[at..]);

    private static void Need(ReadOnlySpan<byte> b, int length)
    {
        if (b.Length < length)
        {
            throw new InvalidDataException("box shorter than its fields");
        }
    }
}
