using System.Text;
using static Nvr.Codecs.Cenc.Tests.Mp4.IsoBoxes;

namespace Nvr.Codecs.Cenc.Tests.Mp4;

/// <summary>
/// Test-side reader of fragmented CENC files (ISO/IEC 23001-7): protected sample entries with their tenc, and every
/// fragment's samples with the senc IVs and subsample maps. Also reads the samples of a clear, non-fragmented file.
/// </summary>
internal static class CencFileReader
{
    public static List<ProtectedTrackInfo> ReadProtectedTracks(byte[] d)
    {
        var result = new List<ProtectedTrackInfo>();
        IsoBox moov = Find(d, Root(d), "moov") ?? throw new InvalidDataException("no moov");
        foreach (IsoBox trak in Children(d, moov).Where(b => b.Type == "trak"))
        {
            IsoBox tkhd = Find(d, trak, "tkhd")!.Value;
            uint trackId = U32(d, tkhd.PayloadStart + (d[tkhd.PayloadStart] == 1 ? 20 : 12));
            IsoBox stsd = Find(d, trak, "mdia", "minf", "stbl", "stsd")!.Value;
            IsoBox entry = Children(d, stsd)[0];
            if (entry.Type is not ("encv" or "enca"))
            {
                continue;
            }

            IsoBox sinf = Find(d, entry, "sinf") ?? throw new InvalidDataException("protected entry without sinf");
            IsoBox frma = Find(d, sinf, "frma")!.Value;
            IsoBox schm = Find(d, sinf, "schm")!.Value;
            IsoBox tenc = Find(d, sinf, "schi", "tenc")!.Value;
            int p = tenc.PayloadStart;
            int version = d[p];
            int pattern = version >= 1 ? d[p + 5] : 0;
            int ivSize = d[p + 7];
            byte[] kid = d.AsSpan(p + 8, 16).ToArray();
            byte[] constantIv = [];
            if (d[p + 6] == 1 && ivSize == 0)
            {
                constantIv = d.AsSpan(p + 25, d[p + 24]).ToArray();
            }

            result.Add(new ProtectedTrackInfo(
                trackId,
                entry.Type,
                Encoding.ASCII.GetString(d, frma.PayloadStart, 4),
                Encoding.ASCII.GetString(d, schm.PayloadStart + 4, 4),
                kid,
                ivSize,
                pattern >> 4,
                pattern & 0xF,
                constantIv));
        }

        return result;
    }

    /// <summary>All samples of all fragments, with senc information when the traf has one (else empty IV and no subsamples).</summary>
    public static List<EncryptedSample> ReadFragmentSamples(byte[] d, IReadOnlyList<ProtectedTrackInfo> tracks)
    {
        var samples = new List<EncryptedSample>();
        int fragment = 0;
        foreach (IsoBox moof in Children(d, 0, d.Length).Where(b => b.Type == "moof"))
        {
            foreach (IsoBox traf in Children(d, moof).Where(b => b.Type == "traf"))
            {
                IsoBox tfhd = Find(d, traf, "tfhd")!.Value;
                uint tfFlags = U32(d, tfhd.PayloadStart) & 0xFFFFFF;
                uint trackId = U32(d, tfhd.PayloadStart + 4);
                int at = tfhd.PayloadStart + 8;
                long baseOffset = moof.Start;
                if ((tfFlags & 0x1) != 0) { baseOffset = (long)((ulong)U32(d, at) << 32 | U32(d, at + 4)); at += 8; }
                if ((tfFlags & 0x2) != 0) at += 4;
                if ((tfFlags & 0x8) != 0) at += 4;
                uint defaultSize = (tfFlags & 0x10) != 0 ? U32(d, at) : 0;

                ProtectedTrackInfo? info = tracks.FirstOrDefault(t => t.TrackId == trackId);
                var sizes = new List<(int Offset, int Size)>();
                foreach (IsoBox trun in Children(d, traf).Where(b => b.Type == "trun"))
                {
                    int q = trun.PayloadStart;
                    uint flags = U32(d, q) & 0xFFFFFF;
                    uint count = U32(d, q + 4);
                    q += 8;
                    long offset = baseOffset;
                    if ((flags & 0x1) != 0) { offset += (int)U32(d, q); q += 4; }
                    if ((flags & 0x4) != 0) q += 4;
                    for (int i = 0; i < count; i++)
                    {
                        if ((flags & 0x100) != 0) q += 4;
                        int size = (int)defaultSize;
                        if ((flags & 0x200) != 0) { size = (int)U32(d, q); q += 4; }
                        if ((flags & 0x400) != 0) q += 4;
                        if ((flags & 0x800) != 0) q += 4;
                        sizes.Add(((int)offset, size));
                        offset += size;
                    }
                }

                IsoBox? senc = Find(d, traf, "senc");
                int ivSize = info?.PerSampleIvSize ?? 0;
                int s = 0;
                if (senc is { } box)
                {
                    uint flags = U32(d, box.PayloadStart) & 0xFFFFFF;
                    uint count = U32(d, box.PayloadStart + 4);
                    if (count != sizes.Count) throw new InvalidDataException($"senc has {count} samples, trun {sizes.Count}");
                    s = box.PayloadStart + 8;
                    foreach ((int off, int size) in sizes)
                    {
                        byte[] iv = d.AsSpan(s, ivSize).ToArray();
                        s += ivSize;
                        var subs = Array.Empty<(int, int)>();
                        if ((flags & 2) != 0)
                        {
                            int n = U16(d, s);
                            s += 2;
                            subs = new (int, int)[n];
                            for (int k = 0; k < n; k++, s += 6) subs[k] = (U16(d, s), (int)U32(d, s + 2));
                        }

                        samples.Add(new EncryptedSample(trackId, fragment, off, size, iv, subs));
                    }
                }
                else
                {
                    foreach ((int off, int size) in sizes) samples.Add(new EncryptedSample(trackId, fragment, off, size, [], []));
                }
            }

            fragment++;
        }

        return samples;
    }

    /// <summary>Samples of the first track of a clear, non-fragmented MP4 (stsz/stsc/stco).</summary>
    public static List<byte[]> ReadClearSamples(byte[] d)
    {
        IsoBox stbl = Find(d, Root(d), "moov", "trak", "mdia", "minf", "stbl")!.Value;
        IsoBox stsz = Find(d, stbl, "stsz")!.Value;
        IsoBox stsc = Find(d, stbl, "stsc")!.Value;
        IsoBox stco = (Find(d, stbl, "stco") ?? Find(d, stbl, "co64"))!.Value;
        int p = stsz.PayloadStart;
        uint fixedSize = U32(d, p + 4);
        int count = (int)U32(d, p + 8);
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) sizes[i] = (int)(fixedSize != 0 ? fixedSize : U32(d, p + 12 + (4 * i)));
        int chunks = (int)U32(d, stco.PayloadStart + 4);
        long[] chunkOffsets = new long[chunks];
        for (int i = 0; i < chunks; i++)
        {
            chunkOffsets[i] = stco.Type == "stco"
                ? U32(d, stco.PayloadStart + 8 + (4 * i))
                : (long)((ulong)U32(d, stco.PayloadStart + 8 + (8 * i)) << 32 | U32(d, stco.PayloadStart + 12 + (8 * i)));
        }

        int runs = (int)U32(d, stsc.PayloadStart + 4);
        var result = new List<byte[]>(count);
        int sample = 0;
        for (int c = 0; c < chunks; c++)
        {
            int perChunk = 0;
            for (int r = 0; r < runs; r++)
            {
                if (U32(d, stsc.PayloadStart + 8 + (12 * r)) <= c + 1) perChunk = (int)U32(d, stsc.PayloadStart + 12 + (12 * r));
            }

            long off = chunkOffsets[c];
            for (int k = 0; k < perChunk && sample < count; k++, sample++)
            {
                result.Add(d.AsSpan((int)off, sizes[sample]).ToArray());
                off += sizes[sample];
            }
        }

        return result;
    }
}
