using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.Cenc.Boxes;

/// <summary>
/// Writes the Common Encryption boxes (ISO/IEC 23001-7 and ISO/IEC 14496-12) with <see cref="BoxWriter"/>:
/// the scheme information of a protected sample entry (<c>sinf</c> = <c>frma</c> + <c>schm</c> + <c>schi</c>/<c>tenc</c>),
/// the <c>pssh</c> of the W3C common system, and a fragment's sample auxiliary information (<c>senc</c>, <c>saiz</c>,
/// <c>saio</c>).
/// </summary>
public static class CencBoxes
{
    /// <summary>The W3C "common" protection system ID 1077efec-c0b2-4d02-ace3-3c1e52e2fb4b (EME ClearKey, keyids).</summary>
    public static ReadOnlySpan<byte> CommonSystemId =>
    [
        0x10, 0x77, 0xef, 0xec, 0xc0, 0xb2, 0x4d, 0x02, 0xac, 0xe3, 0x3c, 0x1e, 0x52, 0xe2, 0xfb, 0x4b,
    ];

    /// <summary>The <c>schm</c> four-character code of <paramref name="scheme"/>.</summary>
    public static ReadOnlySpan<byte> SchemeType(EncryptionScheme scheme) => scheme == EncryptionScheme.Cenc ? "cenc"u8 : "cbcs"u8;

    /// <summary>Writes <c>sinf</c> with <c>frma</c>(<paramref name="originalFormat"/>), <c>schm</c> and <c>schi</c>/<c>tenc</c>.</summary>
    public static void WriteSinf(BoxWriter w, ReadOnlySpan<byte> originalFormat, TrackEncryptionDefaults tenc)
    {
        int sinf = w.StartBox("sinf"u8);
        WriteFrma(w, originalFormat);
        WriteSchm(w, tenc.Scheme);
        int schi = w.StartBox("schi"u8);
        WriteTenc(w, tenc);
        w.EndBox(schi);
        w.EndBox(sinf);
    }

    /// <summary>Original Format box: the clear sample entry type.</summary>
    public static void WriteFrma(BoxWriter w, ReadOnlySpan<byte> originalFormat)
    {
        int box = w.StartBox("frma"u8);
        w.WriteFourCc(originalFormat);
        w.EndBox(box);
    }

    /// <summary>Scheme Type box: scheme type and version 1.0 (0x00010000).</summary>
    public static void WriteSchm(BoxWriter w, EncryptionScheme scheme)
    {
        int box = w.StartFullBox("schm"u8, 0, 0);
        w.WriteFourCc(SchemeType(scheme));
        w.WriteUInt32(0x00010000);
        w.EndBox(box);
    }

    /// <summary>Track Encryption box; version 1 (with the pattern) for <c>cbcs</c>, version 0 for <c>cenc</c>.</summary>
    public static void WriteTenc(BoxWriter w, TrackEncryptionDefaults t)
    {
        bool pattern = t.Scheme == EncryptionScheme.Cbcs;
        int box = w.StartFullBox("tenc"u8, pattern ? (byte)1 : (byte)0, 0);
        w.WriteUInt8(0);
        w.WriteUInt8(pattern ? (byte)((t.CryptByteBlock << 4) | (t.SkipByteBlock & 0x0F)) : (byte)0);
        w.WriteUInt8(1);
        w.WriteUInt8(t.PerSampleIvSize);
        Span<byte> kid = stackalloc byte[KeyId.Size];
        t.KeyId.CopyTo(kid);
        w.WriteBytes(kid);
        if (t.PerSampleIvSize == 0)
        {
            w.WriteUInt8((byte)t.ConstantIv.Length);
            w.WriteBytes(t.ConstantIv.Span);
        }

        w.EndBox(box);
    }

    /// <summary>Protection System Specific Header, version 1, W3C common system, listing <paramref name="keyIds"/>, no data.</summary>
    public static void WritePssh(BoxWriter w, ReadOnlySpan<KeyId> keyIds)
    {
        int box = w.StartFullBox("pssh"u8, 1, 0);
        w.WriteBytes(CommonSystemId);
        w.WriteUInt32((uint)keyIds.Length);
        Span<byte> kid = stackalloc byte[KeyId.Size];
        foreach (KeyId id in keyIds)
        {
            id.CopyTo(kid);
            w.WriteBytes(kid);
        }

        w.WriteUInt32(0);
        w.EndBox(box);
    }

    /// <summary>
    /// Sample Encryption box for the samples of <paramref name="plan"/>: per sample the IV
    /// (<paramref name="perSampleIvSize"/> bytes, 0 or 8) and, when <paramref name="withSubsamples"/>, the subsample map
    /// (flag 0x2). Returns the writer position of the first sample's auxiliary data (for <c>saio</c>).
    /// </summary>
    public static int WriteSenc(BoxWriter w, FragmentEncryptionPlan plan, int perSampleIvSize, bool withSubsamples)
    {
        if (perSampleIvSize is not (0 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(perSampleIvSize), "Per-sample IVs are written as 0 or 8 bytes.");
        }

        int box = w.StartFullBox("senc"u8, 0, withSubsamples ? 2u : 0u);
        w.WriteUInt32((uint)plan.SampleCount);
        int firstInfo = w.Position;
        for (int i = 0; i < plan.SampleCount; i++)
        {
            if (perSampleIvSize == 8)
            {
                w.WriteUInt64(plan.GetIv(i));
            }

            if (withSubsamples)
            {
                ReadOnlySpan<SubsampleEntry> subs = plan.GetSubsamples(i);
                w.WriteUInt16(checked((ushort)subs.Length));
                foreach (SubsampleEntry e in subs)
                {
                    w.WriteUInt16(e.ClearBytes);
                    w.WriteUInt32(e.ProtectedBytes);
                }
            }
        }

        w.EndBox(box);
        return firstInfo;
    }

    /// <summary>Size in bytes of sample <paramref name="index"/>'s auxiliary information in <c>senc</c>.</summary>
    public static int SampleInfoSize(FragmentEncryptionPlan plan, int index, int perSampleIvSize, bool withSubsamples) =>
        perSampleIvSize + (withSubsamples ? 2 + (6 * plan.GetSubsamples(index).Length) : 0);

    /// <summary>
    /// Sample Auxiliary Information Sizes box (no aux_info_type): one default size when all samples agree, else
    /// one byte per sample.
    /// </summary>
    /// <exception cref="InvalidOperationException">A sample's information exceeds 255 bytes (more than 40 subsamples with 8-byte IVs).</exception>
    public static void WriteSaiz(BoxWriter w, FragmentEncryptionPlan plan, int perSampleIvSize, bool withSubsamples)
    {
        int count = plan.SampleCount;
        int first = count > 0 ? SampleInfoSize(plan, 0, perSampleIvSize, withSubsamples) : 0;
        bool uniform = true;
        for (int i = 0; i < count; i++)
        {
            int size = SampleInfoSize(plan, i, perSampleIvSize, withSubsamples);
            if (size > byte.MaxValue)
            {
                throw new InvalidOperationException($"Sample {i} has {plan.GetSubsamples(i).Length} subsamples: its auxiliary information does not fit saiz's 8-bit size.");
            }

            uniform &= size == first;
        }

        int box = w.StartFullBox("saiz"u8, 0, 0);
        w.WriteUInt8(uniform ? (byte)first : (byte)0);
        w.WriteUInt32((uint)count);
        if (!uniform)
        {
            for (int i = 0; i < count; i++)
            {
                w.WriteUInt8((byte)SampleInfoSize(plan, i, perSampleIvSize, withSubsamples));
            }
        }

        w.EndBox(box);
    }

    /// <summary>Sample Auxiliary Information Offsets box: version 0, one 32-bit offset (relative to the moof start).</summary>
    public static void WriteSaio(BoxWriter w, uint offset)
    {
        int box = w.StartFullBox("saio"u8, 0, 0);
        w.WriteUInt32(1);
        w.WriteUInt32(offset);
        w.EndBox(box);
    }
}
