namespace Nvr.Codecs.H264;

/// <summary>Fields of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1) needed for recording.</summary>
/// <param name="ProfileIdc">profile_idc (66 Baseline, 77 Main, 100 High, ...).</param>
/// <param name="ConstraintFlags">The byte after profile_idc (constraint_set0..5 flags + reserved bits).</param>
/// <param name="LevelIdc">level_idc (31 = level 3.1).</param>
/// <param name="ChromaFormatIdc">0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4.</param>
/// <param name="BitDepthLuma">Luma bit depth.</param>
/// <param name="BitDepthChroma">Chroma bit depth.</param>
/// <param name="Width">Displayed width in pixels (after frame cropping).</param>
/// <param name="Height">Displayed height in pixels (after frame cropping).</param>
/// <param name="FrameRate">Frames per second from VUI timing info, when signalled.</param>
/// <param name="SarWidth">Sample aspect ratio numerator (1 when not signalled).</param>
/// <param name="SarHeight">Sample aspect ratio denominator (1 when not signalled).</param>
public sealed record H264SpsInfo(
    byte ProfileIdc,
    byte ConstraintFlags,
    byte LevelIdc,
    int ChromaFormatIdc,
    int BitDepthLuma,
    int BitDepthChroma,
    int Width,
    int Height,
    double? FrameRate,
    int SarWidth,
    int SarHeight);
