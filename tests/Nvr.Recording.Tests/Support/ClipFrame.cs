namespace Nvr.Recording.Tests.Support;

/// <summary>One picture of a clip: its NAL units (no start codes) and whether it is an IDR.</summary>
public sealed record ClipFrame(IReadOnlyList<byte[]> NalUnits, bool IsKeyframe);
