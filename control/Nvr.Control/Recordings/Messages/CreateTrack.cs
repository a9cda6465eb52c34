using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies TrackCreatedReply or CommandRejected.</summary>
public sealed record CreateTrack(string RecordingToken, TrackConfiguration Configuration);
