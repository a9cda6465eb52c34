using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>
/// An access unit held in the pre-event ring, ready to be written: its track, decode/presentation times in the
/// track timescale, its UTC on the track's mapping, and whether a recording may start with it (a key frame of the
/// video track that leads the session, or any frame of the leading track of a recording without video).
/// </summary>
internal readonly record struct HeldUnit(TrackLane Lane, AccessUnit Unit, long Pts, long Dts, DateTime Utc, bool IsVideo, bool StartsGop);
