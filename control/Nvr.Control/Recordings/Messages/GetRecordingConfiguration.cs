using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Replies RecordingConfigurationReply or CommandRejected.</summary>
public sealed record GetRecordingConfiguration(string RecordingToken);
