using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Told by the recording engine: whether data really flows into a destination track.</summary>
public sealed record TrackDataStateChanged(string JobToken, string Destination, string State, string? Error);
