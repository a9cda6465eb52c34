namespace Nvr.Pipeline.Media;

/// <summary>Where one NAL unit (or one raw frame) lies inside an access unit's payload buffer.</summary>
public readonly record struct NalRange(int Offset, int Length);
