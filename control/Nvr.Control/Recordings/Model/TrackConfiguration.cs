namespace Nvr.Control.Recordings.Model;

/// <summary>The configuration of a track (ONVIF tt:TrackConfiguration).</summary>
public sealed record TrackConfiguration(TrackType TrackType, string Description);
