namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// The protected samples of one fragment of one track, laid out in one contiguous buffer: each sample's offset and
/// length, its 8-byte IV (the upper half of the CTR counter block; unused by <c>cbcs</c>) and, for video, its
/// subsample map. Reused fragment after fragment with <see cref="Reset"/>; its arrays only grow, so steady-state use
/// allocates nothing. Not thread-safe.
/// </summary>
public sealed class FragmentEncryptionPlan
{
    private SampleRecord[] _samples = new SampleRecord[64];
    private SubsampleEntry[] _subsamples = new SubsampleEntry[256];
    private int _sampleCount;
    private int _subsampleCount;

    /// <summary>Number of samples added since the last <see cref="Reset"/>.</summary>
    public int SampleCount => _sampleCount;

    /// <summary>Total number of subsample entries (0 when every sample is protected whole).</summary>
    public int SubsampleCount => _subsampleCount;

    /// <summary>Forgets all samples; keeps the storage.</summary>
    public void Reset()
    {
        _sampleCount = 0;
        _subsampleCount = 0;
    }

    /// <summary>
    /// Adds a sample at <paramref name="offset"/> of the fragment buffer. Subsamples added with
    /// <see cref="AddSubsample"/> before the next <see cref="AddSample"/> belong to it; a sample without subsamples is
    /// protected whole.
    /// </summary>
    public void AddSample(int offset, int length, ulong iv)
    {
        if (_sampleCount == _samples.Length)
        {
            Array.Resize(ref _samples, _samples.Length * 2);
        }

        _samples[_sampleCount++] = new SampleRecord(offset, length, iv, _subsampleCount);
    }

    /// <summary>Appends a subsample to the last added sample.</summary>
    public void AddSubsample(SubsampleEntry entry)
    {
        if (_sampleCount == 0)
        {
            ThrowNoSample();
        }

        if (_subsampleCount == _subsamples.Length)
        {
            Array.Resize(ref _subsamples, _subsamples.Length * 2);
        }

        _subsamples[_subsampleCount++] = entry;
        _samples[_sampleCount - 1].SubsampleCount++;
    }

    /// <summary>Offset of sample <paramref name="index"/> in the fragment buffer.</summary>
    public int GetOffset(int index) => Sample(index).Offset;

    /// <summary>Length of sample <paramref name="index"/>.</summary>
    public int GetLength(int index) => Sample(index).Length;

    /// <summary>The 8-byte IV of sample <paramref name="index"/> as a big-endian number.</summary>
    public ulong GetIv(int index) => Sample(index).Iv;

    /// <summary>The subsample map of sample <paramref name="index"/> (empty: protected whole).</summary>
    public ReadOnlySpan<SubsampleEntry> GetSubsamples(int index)
    {
        ref readonly SampleRecord s = ref Sample(index);
        return new ReadOnlySpan<SubsampleEntry>(_subsamples, s.FirstSubsample, s.SubsampleCount);
    }

    /// <summary>Bytes of sample <paramref name="index"/> that are in protected ranges.</summary>
    public long GetProtectedBytes(int index)
    {
        ref readonly SampleRecord s = ref Sample(index);
        if (s.SubsampleCount == 0)
        {
            return s.Length;
        }

        long sum = 0;
        foreach (SubsampleEntry e in new ReadOnlySpan<SubsampleEntry>(_subsamples, s.FirstSubsample, s.SubsampleCount))
        {
            sum += e.ProtectedBytes;
        }

        return sum;
    }

    private ref readonly SampleRecord Sample(int index)
    {
        if ((uint)index >= (uint)_sampleCount)
        {
            ThrowIndex();
        }

        return ref _samples[index];
    }

    private static void ThrowNoSample() => throw new InvalidOperationException("AddSample must come before AddSubsample.");

    private static void ThrowIndex() => throw new ArgumentOutOfRangeException("index");

    private struct SampleRecord(int offset, int length, ulong iv, int firstSubsample)
    {
        public readonly int Offset = offset;
        public readonly int Length = length;
        public readonly ulong Iv = iv;
        public readonly int FirstSubsample = firstSubsample;
        public int SubsampleCount;
    }
}
