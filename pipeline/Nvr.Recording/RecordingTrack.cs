using Nvr.Pipeline.Media;

namespace Nvr.Recording;

/// <summary>One track of the recording (its token and whether it holds video, audio or metadata).</summary>
public sealed record RecordingTrack(string Token, MediaKind Kind);
