using System.Buffers.Binary;
using Nvr.Codecs.Cenc.Crypto;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>
/// Builds the subsample map of one length-prefixed H.264/H.265 sample (ISO/IEC 23001-7 section 9.5 for NAL
/// structured video, ISO/IEC 14496-15 storage):
/// <list type="bullet">
/// <item>non-VCL NAL units (parameter sets, SEI, AUD, ...) stay wholly in the clear;</item>
/// <item>of a VCL (slice) NAL unit the length field, the NAL unit header and the slice (segment) header stay clear
///   (measured by an <see cref="ISliceHeaderMeasurer"/> — <see cref="H264SliceHeaderReader"/> or
///   <see cref="H265SliceHeaderReader"/> — which learns the parameter sets passing through; required for <c>cbcs</c>,
///   done for <c>cenc</c> too, as Shaka Packager does). When a header cannot be measured the whole NAL unit stays
///   clear (a slice header is never encrypted; the reader counts it); a call without a measurer keeps only the NAL
///   header clear;</item>
/// <item><c>cenc</c>: the protected part of each NAL unit is a whole number of 16-byte blocks; the remainder
///   (&lt; 16 bytes) joins the clear part in front of it, so every protected range is block aligned;</item>
/// <item><c>cbcs</c>: the protected part is not rounded; pattern encryption leaves the trailing partial block clear;</item>
/// <item>clear runs longer than 65535 bytes (the 16-bit field of <c>senc</c>) are split into clear-only entries.</item>
/// </list>
/// A NAL length that runs past the end of the sample marks the sample malformed: the remainder is then treated as
/// one protected range (never left readable), and <see cref="Map"/> returns false so the caller can count it.
/// </summary>
public static class NalSubsampleMapper
{
    /// <summary>Appends the subsamples of <paramref name="sample"/> to the last sample of <paramref name="plan"/>.</summary>
    /// <returns>False when the NAL structure of the sample is broken (the sample is still fully mapped).</returns>
    public static bool Map(
        ReadOnlySpan<byte> sample,
        int nalLengthSize,
        MediaCodec codec,
        EncryptionScheme scheme,
        FragmentEncryptionPlan plan,
        ISliceHeaderMeasurer? sliceHeaders = null)
    {
        if (sliceHeaders is not null && sliceHeaders.Codec != codec)
        {
            throw new ArgumentException($"A {sliceHeaders.Codec} slice header measurer cannot read {codec} samples.", nameof(sliceHeaders));
        }

        if (!codec.IsNalVideo())
        {
            throw new ArgumentException("Only H.264/H.265 samples have NAL subsamples.", nameof(codec));
        }

        if (nalLengthSize is not (1 or 2 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(nalLengthSize), "NAL length fields are 1, 2 or 4 bytes.");
        }

        int headerSize = codec.NalHeaderSize();
        int pendingClear = 0;
        int pos = 0;
        int emitted = 0;
        bool wellFormed = true;
        while (pos < sample.Length)
        {
            int remaining = sample.Length - pos;
            long nalSize = remaining >= nalLengthSize ? ReadLength(sample.Slice(pos, nalLengthSize)) : long.MaxValue;
            if (nalSize > remaining - nalLengthSize)
            {
                wellFormed = false;
                int protectedLen = scheme == EncryptionScheme.Cenc ? remaining & ~15 : remaining;
                pendingClear += remaining - protectedLen;
                emitted += Emit(plan, ref pendingClear, (uint)protectedLen);
                break;
            }

            int total = nalLengthSize + (int)nalSize;
            ReadOnlySpan<byte> nal = sample.Slice(pos + nalLengthSize, (int)nalSize);
            if (sliceHeaders is not null && nalSize > 0)
            {
                sliceHeaders.Learn(nal);
            }

            if (nalSize > headerSize && codec.IsSliceNal(nal[0]))
            {
                int clear = nalLengthSize + headerSize;
                if (sliceHeaders is not null)
                {
                    if (sliceHeaders.TryMeasure(nal, out int sliceHeaderBytes))
                    {
                        clear = nalLengthSize + sliceHeaderBytes;
                    }
                    else
                    {
                        clear = total; // a slice header is never encrypted: the unmeasurable slice stays clear (counted)
                    }
                }

                int rest = total - clear;
                int protectedLen = scheme == EncryptionScheme.Cenc ? rest & ~15 : rest;
                if (protectedLen > 0)
                {
                    pendingClear += total - protectedLen;
                    emitted += Emit(plan, ref pendingClear, (uint)protectedLen);
                }
                else
                {
                    pendingClear += total;
                }
            }
            else
            {
                pendingClear += total;
            }

            pos += total;
        }

        if (pendingClear > 0 || emitted == 0)
        {
            Emit(plan, ref pendingClear, 0);
        }

        return wellFormed;
    }

    private static int Emit(FragmentEncryptionPlan plan, ref int pendingClear, uint protectedBytes)
    {
        int n = 0;
        while (pendingClear > ushort.MaxValue)
        {
            plan.AddSubsample(new SubsampleEntry(ushort.MaxValue, 0));
            pendingClear -= ushort.MaxValue;
            n++;
        }

        plan.AddSubsample(new SubsampleEntry((ushort)pendingClear, protectedBytes));
        pendingClear = 0;
        return n + 1;
    }

    private static long ReadLength(ReadOnlySpan<byte> field) => field.Length switch
    {
        1 => field[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(field),
        _ => BinaryPrimitives.ReadUInt32BigEndian(field),
    };
}
