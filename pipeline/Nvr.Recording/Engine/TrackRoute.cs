namespace Nvr.Recording.Engine;

/// <summary>
/// Maps the stream a <see cref="SourceTag"/> names ("video", "audio2", an SDP control name, an index) to a recording
/// track. <see cref="Defaulted"/>: the device chose the mapping (the job named no tracks), so a source without such a
/// stream is nothing to record (Idle) rather than an error.
/// </summary>
public sealed record TrackRoute(string SourceTag, string Destination, bool Defaulted = false);
