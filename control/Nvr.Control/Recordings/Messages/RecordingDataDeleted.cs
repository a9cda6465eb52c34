using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Command to the recording control actor. Told by retention: published as DeleteTrackData.</summary>
public sealed record RecordingDataDeleted(string RecordingToken, string TrackToken, DateTimeOffset StartTime, DateTimeOffset EndTime);
