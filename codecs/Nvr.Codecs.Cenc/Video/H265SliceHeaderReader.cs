using System.Runtime.CompilerServices;
using Nvr.Codecs.Bitstream;
using Nvr.Codecs.H265;

namespace Nvr.Codecs.Cenc.Video;

/// <summary>
/// Measures the slice segment header of H.265 VCL NAL units (ITU-T H.265 7.3.6.1, through <c>byte_alignment()</c>)
/// so that subsample encryption keeps it clear, as ISO/IEC 23001-7 requires for <c>cbcs</c> and does for <c>cenc</c>.
/// Learns VPS-independent SPS/PPS fields from parameter sets given up front (hvcC) or seen in-band. Allocation-free per
/// NAL unit (an SPS id seen for the first time allocates its tables once). Slices that cannot be measured (unknown
/// parameter sets, corrupt header, reserved NAL types, layers above 0, screen-content/multilayer extensions) are
/// reported as not measurable and counted in <see cref="UnmeasuredSlices"/>. Not thread-safe.
/// </summary>
[SkipLocalsInit] // the RBSP scratch is written by ToRbsp before it is read; no need to zero 2 KiB per slice
public sealed class H265SliceHeaderReader : ISliceHeaderMeasurer
{
    private const int MaxHeaderBytes = 2048;
    private const int InitialWindow = 256;
    private readonly H265SpsFields?[] _sps = new H265SpsFields?[16];
    private readonly H265PpsFields[] _pps = new H265PpsFields[64];
    private H265SpsFields _spare = new();
    private long _unmeasured;
    private int _window = InitialWindow;

    /// <inheritdoc />
    public MediaCodec Codec => MediaCodec.H265;

    /// <summary>VCL NAL units whose slice header could not be measured.</summary>
    public long UnmeasuredSlices => Interlocked.Read(ref _unmeasured);

    /// <inheritdoc />
    public void Learn(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 3)
        {
            return;
        }

        int type = H265Nal.Type(nalUnit[0]);
        if (type is not (H265Nal.Sps or H265Nal.Pps) || H265Nal.LayerId(nalUnit) != 0)
        {
            return;
        }

        Span<byte> rbsp = stackalloc byte[Math.Min(nalUnit.Length, MaxHeaderBytes)];
        int n = NalUnitReader.ToRbsp(nalUnit[..rbsp.Length], rbsp);
        var r = new BitReader(rbsp[2..n]);
        if (type == H265Nal.Sps)
        {
            LearnSps(ref r);
        }
        else
        {
            LearnPps(ref r);
        }
    }

    /// <inheritdoc />
    public bool TryMeasure(ReadOnlySpan<byte> nalUnit, out int headerBytes)
    {
        headerBytes = 0;
        int type = nalUnit.Length < 3 ? -1 : H265Nal.Type(nalUnit[0]);
        if (!H265Nal.IsVcl(type))
        {
            return false; // not a VCL NAL unit: nothing to count.
        }

        if (H265Nal.LayerId(nalUnit) != 0 || H265Nal.IsReservedVcl(type))
        {
            return Unmeasured(); // reserved VCL types and enhancement layers have no syntax handled here.
        }

        // Unescape only a window of the NAL unit: most headers are well under 256 bytes, and unescaping is the main cost.
        // A header running past the window (many tile/WPP entry points) widens the window for this and later slices.
        Span<byte> rbsp = stackalloc byte[MaxHeaderBytes];
        while (true)
        {
            int window = Math.Min(nalUnit.Length, _window);
            int n = NalUnitReader.ToRbsp(nalUnit[..window], rbsp);
            var r = new BitReader(rbsp[2..n]);
            try
            {
                if (!SkipSliceSegmentHeader(ref r, type))
                {
                    return Unmeasured();
                }

                long bits = ((long)(n - 2) * 8) - r.BitsLeft; // a multiple of 8 after byte_alignment()
                headerBytes = EmulationPrevention.NalOffset(nalUnit, 2 + (int)(bits >> 3));
                return headerBytes <= nalUnit.Length || Unmeasured();
            }
            catch (InvalidDataException)
            {
                if (window == nalUnit.Length || _window == MaxHeaderBytes)
                {
                    return Unmeasured();
                }

                _window = MaxHeaderBytes;
            }
        }
    }

    private bool Unmeasured()
    {
        Interlocked.Increment(ref _unmeasured);
        return false;
    }

    private void LearnSps(ref BitReader r)
    {
        H265SpsFields s = _spare;
        s.Id = -1;
        try
        {
            H265ParameterSetParser.ParseSps(ref r, s);
        }
        catch (InvalidDataException)
        {
            if (s.Id >= 0 && _sps[s.Id] is { } stale)
            {
                stale.Known = false; // a broken update: slices referring to this id stay clear rather than mis-measured.
            }

            return;
        }

        _spare = _sps[s.Id] ?? new H265SpsFields();
        _sps[s.Id] = s;
    }

    private void LearnPps(ref BitReader r)
    {
        BitReader peek = r;
        uint id;
        try
        {
            id = peek.ReadUe();
        }
        catch (InvalidDataException)
        {
            return;
        }

        if (id > 63)
        {
            return;
        }

        try
        {
            _pps[id] = H265ParameterSetParser.ParsePps(ref r, out H265PpsFields p) == (int)id ? p : default;
        }
        catch (InvalidDataException)
        {
            _pps[id] = default;
        }
    }

    private bool SkipSliceSegmentHeader(ref BitReader r, int nalType)
    {
        bool firstSliceInPic = r.ReadFlag();
        if (nalType is >= 16 and <= 23)
        {
            r.Skip(1); // no_output_of_prior_pics_flag
        }

        uint ppsId = r.ReadUe();
        if (ppsId > 63 || !_pps[ppsId].Known || _sps[_pps[ppsId].SpsId] is not { Known: true } s)
        {
            return false;
        }

        ref readonly H265PpsFields p = ref _pps[ppsId];
        bool dependent = false;
        if (!firstSliceInPic)
        {
            if (p.DependentSliceSegmentsEnabled)
            {
                dependent = r.ReadFlag();
            }

            r.Skip(s.SliceAddressBits);
        }

        if (!dependent && !H265SliceHeaderSyntax.SkipIndependentFields(ref r, nalType, p, s))
        {
            return false;
        }

        if (p.TilesEnabled || p.EntropyCodingSyncEnabled)
        {
            uint entryPoints = r.ReadUe();
            if (entryPoints > 0)
            {
                uint offsetBits = r.ReadUe() + 1;
                if (offsetBits > 32)
                {
                    return false;
                }

                r.Skip((long)entryPoints * offsetBits);
            }
        }

        if (p.SliceSegmentHeaderExtensionPresent)
        {
            r.Skip(8L * r.ReadUe());
        }

        // byte_alignment(): one bit equal to 1, then zero bits up to the byte boundary.
        if (!r.ReadFlag())
        {
            return false;
        }

        while ((r.BitsLeft & 7) != 0)
        {
            if (r.ReadFlag())
            {
                return false;
            }
        }

        return true;
    }
}
