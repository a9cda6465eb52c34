using System.Text;
using static Nvr.Codecs.Mp4.Reading.IsoBoxScanner;

namespace Nvr.Codecs.Mp4.Reading;

/// <summary>
/// A fragmented MP4 (ISO/IEC 14496-12 with <c>mvex</c>, as the Annex B segments are) read from one buffer: its
/// tracks from <c>moov</c> and every sample of every <c>moof</c>/<c>mdat</c> in file order, with the <c>senc</c>
/// IVs and subsample maps of protected tracks. Samples point into <see cref="Data"/>; nothing is copied.
/// </summary>
public sealed class Fmp4File
{
    /// <summary>A trun whose samples carry no fields (all defaults) may list at most this many (bounded memory).</summary>
    private const uint MaxSamplesWithoutFields = 1 << 20;

    private Fmp4File(byte[] data, IReadOnlyList<Fmp4Track> tracks, IReadOnlyList<Fmp4Sample> samples)
    {
        Data = data;
        Tracks = tracks;
        Samples = samples;
    }

    /// <summary>The whole file.</summary>
    public byte[] Data { get; }

    /// <summary>Tracks in <c>moov</c> order.</summary>
    public IReadOnlyList<Fmp4Track> Tracks { get; }

    /// <summary>Samples in file order (per track increasing decode time).</summary>
    public IReadOnlyList<Fmp4Sample> Samples { get; }

    /// <summary>Parses <paramref name="data"/>; <see cref="InvalidDataException"/> when it is not a fragmented MP4.</summary>
    public static Fmp4File Parse(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        try
        {
            return ParseBoxes(data);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            // Every field is read through span bounds checks: a box shorter than its fields ends up here.
            throw new InvalidDataException("a box is shorter than its fields", e);
        }
    }

    private static Fmp4File ParseBoxes(byte[] data)
    {
        ReadOnlySpan<byte> d = data;
        List<IsoBox> top = Children(d, 0, d.Length);
        IsoBox moov = top.FirstOrDefault(b => b.Type == "moov");
        if (moov.Type is null) throw new InvalidDataException("no moov box");
        var tracks = new List<Fmp4Track>();
        foreach (IsoBox trak in Children(d, moov).Where(b => b.Type == "trak"))
        {
            tracks.Add(ReadTrack(d, trak));
        }

        var samples = new List<Fmp4Sample>();
        foreach (IsoBox moof in top.Where(b => b.Type == "moof"))
        {
            foreach (IsoBox traf in Children(d, moof).Where(b => b.Type == "traf"))
            {
                ReadTrackFragment(d, moof, traf, tracks, samples);
            }
        }

        return new Fmp4File(data, tracks, samples);
    }

    private static Fmp4Track ReadTrack(ReadOnlySpan<byte> d, IsoBox trak)
    {
        IsoBox tkhd = Find(d, trak, "tkhd") ?? throw new InvalidDataException("trak without tkhd");
        uint trackId = U32(d, tkhd.PayloadStart + (d[tkhd.PayloadStart] == 1 ? 20 : 12));
        IsoBox mdhd = Find(d, trak, "mdia", "mdhd") ?? throw new InvalidDataException("trak without mdhd");
        uint timescale = U32(d, mdhd.PayloadStart + (d[mdhd.PayloadStart] == 1 ? 20 : 12));
        IsoBox hdlr = Find(d, trak, "mdia", "hdlr") ?? throw new InvalidDataException("trak without hdlr");
        string handler = Encoding.ASCII.GetString(d.Slice(hdlr.PayloadStart + 8, 4));
        IsoBox stsd = Find(d, trak, "mdia", "minf", "stbl", "stsd") ?? throw new InvalidDataException("trak without stsd");
        List<IsoBox> entries = Children(d, stsd.PayloadStart + 8, stsd.End);
        if (entries.Count == 0) throw new InvalidDataException($"track {trackId}: empty stsd");
        IsoBox entry = entries[0];
        string format = entry.Type;
        int width = 0, height = 0, sampleRate = 0, channels = 0;
        int childrenStart;
        switch (handler)
        {
            case "vide":
                width = U16(d, entry.PayloadStart + 24);
                height = U16(d, entry.PayloadStart + 26);
                childrenStart = entry.PayloadStart + 78;
                break;
            case "soun":
                channels = U16(d, entry.PayloadStart + 16);
                sampleRate = (int)(U32(d, entry.PayloadStart + 24) >> 16);
                childrenStart = entry.PayloadStart + 28;
                break;
            default:
                childrenStart = entry.End; // metx: strings, no boxes we need
                break;
        }

        byte[] configuration = [];
        Fmp4Protection? protection = null;
        foreach (IsoBox child in Children(d, childrenStart, entry.End))
        {
            switch (child.Type)
            {
                case "avcC" or "hvcC":
                    configuration = d[child.PayloadStart..child.End].ToArray();
                    break;
                case "esds":
                    configuration = ReadAudioSpecificConfig(d, child);
                    break;
                case "sinf":
                    (format, protection) = ReadProtection(d, child);
                    break;
            }
        }

        return new Fmp4Track(trackId, handler, timescale, format, configuration, width, height, sampleRate, channels, protection);
    }

    private static (string Format, Fmp4Protection Protection) ReadProtection(ReadOnlySpan<byte> d, IsoBox sinf)
    {
        IsoBox frma = Find(d, sinf, "frma") ?? throw new InvalidDataException("sinf without frma");
        IsoBox schm = Find(d, sinf, "schm") ?? throw new InvalidDataException("sinf without schm");
        IsoBox tenc = Find(d, sinf, "schi", "tenc") ?? throw new InvalidDataException("sinf without tenc");
        int p = tenc.PayloadStart;
        int pattern = d[p] >= 1 ? d[p + 5] : 0;
        int ivSize = d[p + 7];
        byte[] kid = d.Slice(p + 8, 16).ToArray();
        byte[] constantIv = d[p + 6] == 1 && ivSize == 0 ? d.Slice(p + 25, d[p + 24]).ToArray() : [];
        string scheme = Encoding.ASCII.GetString(d.Slice(schm.PayloadStart + 4, 4));
        return (Encoding.ASCII.GetString(d.Slice(frma.PayloadStart, 4)), new Fmp4Protection(scheme, kid, ivSize, constantIv, pattern >> 4, pattern & 0xF));
    }

    /// <summary>The DecoderSpecificInfo (tag 5) of the ES_Descriptor in <c>esds</c>.</summary>
    private static byte[] ReadAudioSpecificConfig(ReadOnlySpan<byte> d, IsoBox esds)
    {
        int at = esds.PayloadStart + 4;
        while (at < esds.End)
        {
            byte tag = d[at++];
            int length = 0;
            for (int i = 0; i < 4 && at < esds.End; i++)
            {
                byte b = d[at++];
                length = (length << 7) | (b & 0x7F);
                if ((b & 0x80) == 0) break;
            }

            switch (tag)
            {
                case 0x05:
                    return d.Slice(at, Math.Min(length, esds.End - at)).ToArray();
                case 0x03:
                    at += 3; // ES_ID, flags (no stream dependence/URL/OCR in our files)
                    break;
                case 0x04:
                    at += 13; // objectType, streamType, buffer size, bitrates
                    break;
                default:
                    at += length;
                    break;
            }
        }

        throw new InvalidDataException("esds without DecoderSpecificInfo");
    }

    private static void ReadTrackFragment(ReadOnlySpan<byte> d, IsoBox moof, IsoBox traf, List<Fmp4Track> tracks, List<Fmp4Sample> samples)
    {
        IsoBox tfhd = Find(d, traf, "tfhd") ?? throw new InvalidDataException("traf without tfhd");
        uint tfFlags = U32(d, tfhd.PayloadStart) & 0xFFFFFF;
        uint trackId = U32(d, tfhd.PayloadStart + 4);
        int trackIndex = tracks.FindIndex(t => t.TrackId == trackId);
        if (trackIndex < 0) throw new InvalidDataException($"traf of unknown track {trackId}");
        Fmp4Track track = tracks[trackIndex];
        int at = tfhd.PayloadStart + 8;
        long baseOffset = moof.Start;
        if ((tfFlags & 0x1) != 0) { baseOffset = (long)U64(d, at); at += 8; }
        if ((tfFlags & 0x2) != 0) at += 4;
        uint defaultDuration = 0, defaultSize = 0, defaultFlags = 0;
        if ((tfFlags & 0x8) != 0) { defaultDuration = U32(d, at); at += 4; }
        if ((tfFlags & 0x10) != 0) { defaultSize = U32(d, at); at += 4; }
        if ((tfFlags & 0x20) != 0) defaultFlags = U32(d, at);
        IsoBox? tfdt = Find(d, traf, "tfdt");
        long dts = tfdt is { } t ? (d[t.PayloadStart] == 1 ? (long)U64(d, t.PayloadStart + 4) : U32(d, t.PayloadStart + 4)) : 0;

        int first = samples.Count;
        long nextOffset = baseOffset;
        foreach (IsoBox trun in Children(d, traf).Where(b => b.Type == "trun"))
        {
            int q = trun.PayloadStart;
            bool signedCto = d[q] >= 1;
            uint flags = U32(d, q) & 0xFFFFFF;
            uint count = U32(d, q + 4);
            q += 8;
            long offset = nextOffset;
            if ((flags & 0x1) != 0) { offset = baseOffset + (int)U32(d, q); q += 4; }
            uint? firstFlags = null;
            if ((flags & 0x4) != 0) { firstFlags = U32(d, q); q += 4; }
            int perSample = 4 * System.Numerics.BitOperations.PopCount(flags & 0xF00);
            long room = trun.End - q;
            if (room < 0 || (perSample > 0 ? count > room / perSample : count > MaxSamplesWithoutFields))
            {
                throw new InvalidDataException($"track {trackId}: trun of {count} samples does not fit its box");
            }

            for (int i = 0; i < count; i++)
            {
                long duration = defaultDuration;
                long size = defaultSize;
                uint sampleFlags = i == 0 && firstFlags is { } ff ? ff : defaultFlags;
                int cto = 0;
                if ((flags & 0x100) != 0) { duration = U32(d, q); q += 4; }
                if ((flags & 0x200) != 0) { size = U32(d, q); q += 4; }
                if ((flags & 0x400) != 0) { sampleFlags = U32(d, q); q += 4; }
                if ((flags & 0x800) != 0)
                {
                    uint raw = U32(d, q);
                    if (!signedCto && raw > int.MaxValue) throw new InvalidDataException($"track {trackId}: composition offset {raw} out of range");
                    cto = (int)raw;
                    q += 4;
                }

                if (offset < 0 || offset + size > d.Length) throw new InvalidDataException($"track {trackId}: sample outside the file");
                bool sync = track.Handler != "vide" || (sampleFlags & 0x10000) == 0;
                samples.Add(new Fmp4Sample(trackIndex, dts, duration, cto, sync, (int)offset, (int)size, [], []));
                dts += duration;
                offset += size;
            }

            nextOffset = offset;
        }

        if (track.Protection is { } protection && Find(d, traf, "senc") is { } senc)
        {
            ReadSampleEncryption(d, senc, protection, samples, first);
        }
    }

    private static void ReadSampleEncryption(ReadOnlySpan<byte> d, IsoBox senc, Fmp4Protection protection, List<Fmp4Sample> samples, int first)
    {
        uint flags = U32(d, senc.PayloadStart) & 0xFFFFFF;
        uint count = U32(d, senc.PayloadStart + 4);
        if (count != samples.Count - first) throw new InvalidDataException($"senc has {count} samples, the fragment {samples.Count - first}");
        int s = senc.PayloadStart + 8;
        for (int i = first; i < samples.Count; i++)
        {
            if (s + protection.PerSampleIvSize + ((flags & 2) != 0 ? 2 : 0) > senc.End) throw new InvalidDataException("senc shorter than its samples");
            byte[] iv = d.Slice(s, protection.PerSampleIvSize).ToArray();
            s += protection.PerSampleIvSize;
            Fmp4Subsample[] subsamples = [];
            if ((flags & 2) != 0)
            {
                int n = U16(d, s);
                s += 2;
                if (s + (6 * n) > senc.End) throw new InvalidDataException("senc subsamples run past the box");
                subsamples = new Fmp4Subsample[n];
                for (int k = 0; k < n; k++, s += 6)
                {
                    uint protectedBytes = U32(d, s + 2);
                    if (protectedBytes > int.MaxValue) throw new InvalidDataException("senc subsample size out of range");
                    subsamples[k] = new Fmp4Subsample(U16(d, s), (int)protectedBytes);
                }
            }

            samples[i] = samples[i] with { Iv = iv, Subsamples = subsamples };
        }
    }
}
