using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies TrackConfigurationReply or CommandRejected.</summary>
public sealed record GetTrackConfiguration(string RecordingToken, string TrackToken);
