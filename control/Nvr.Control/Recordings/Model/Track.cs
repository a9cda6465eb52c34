namespace Nvr.Control.Recordings.Model;

/// <summary>A track of a recording: a token unique within the recording and its configuration.</summary>
public sealed record Track(string Token, TrackConfiguration Configuration);
