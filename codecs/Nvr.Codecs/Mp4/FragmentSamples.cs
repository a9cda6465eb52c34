namespace Nvr.Codecs.Mp4;

/// <summary>
/// Read-only view of one track's samples in one fragment, as they will be laid out in <c>mdat</c>. A sample is a
/// list of units (video: NAL units without start codes, each stored behind a
/// <see cref="NalLengthSize"/>-byte big-endian length; audio/metadata: one frame stored as is).
/// Valid only during the call that receives it.
/// </summary>
public readonly struct FragmentSamples
{
    private readonly ReadOnlyMemory<byte>[] _units;
    private readonly int[] _firstUnit;
    private readonly int[] _unitCount;
    private readonly int[] _sizes;
    private readonly int _first;

    internal FragmentSamples(ReadOnlyMemory<byte>[] units, int[] firstUnit, int[] unitCount, int[] sizes, int first, int count, int nalLengthSize, long totalSize)
    {
        _units = units;
        _firstUnit = firstUnit;
        _unitCount = unitCount;
        _sizes = sizes;
        _first = first;
        Count = count;
        NalLengthSize = nalLengthSize;
        TotalSize = totalSize;
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Size of the length field in front of each unit: 4 for video, 0 for audio and metadata.</summary>
    public int NalLengthSize { get; }

    /// <summary>Sum of <see cref="GetSampleSize"/> over all samples (the track's bytes in mdat).</summary>
    public long TotalSize { get; }

    /// <summary>Stored size of sample <paramref name="index"/> (including NAL length fields).</summary>
    public int GetSampleSize(int index) => _sizes[_first + index];

    /// <summary>Units (NAL units or one frame) of sample <paramref name="index"/>, without length fields.</summary>
    public ReadOnlySpan<ReadOnlyMemory<byte>> GetUnits(int index)
    {
        int i = _first + index;
        return new ReadOnlySpan<ReadOnlyMemory<byte>>(_units, _firstUnit[i], _unitCount[i]);
    }
}
