namespace Nvr.Codecs.Fmp4;

/// <summary>Facts about a completed segment.</summary>
/// <param name="FirstSampleUtc">Same as <see cref="SegmentStarted.FirstSampleUtc"/>.</param>
/// <param name="EndUtc">UTC of the end of the last sample (its DTS + duration) of any track.</param>
/// <param name="FragmentCount">Number of <c>moof</c>+<c>mdat</c> fragments written.</param>
/// <param name="ByteCount">Total bytes of the segment.</param>
/// <param name="SequenceNumber">Same as <see cref="SegmentStarted.SequenceNumber"/>.</param>
public sealed record SegmentEnded(DateTime FirstSampleUtc, DateTime EndUtc, int FragmentCount, long ByteCount, long SequenceNumber)
{
    /// <summary>Duration covered by the segment.</summary>
    public TimeSpan Duration => EndUtc - FirstSampleUtc;
}
