using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>An audio/metadata unit held until video has been written up to its time.</summary>
internal readonly record struct PendingFrame(TrackLane Lane, AccessUnit Unit, long Dts, DateTime Utc);
