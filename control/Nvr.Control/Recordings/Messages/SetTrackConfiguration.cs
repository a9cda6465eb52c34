using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies CommandDone or CommandRejected.</summary>
public sealed record SetTrackConfiguration(string RecordingToken, string TrackToken, TrackConfiguration Configuration);
