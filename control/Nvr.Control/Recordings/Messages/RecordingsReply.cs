using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings.Messages;

/// <summary>Reply of the recording control actor.</summary>
public sealed record RecordingsReply(IReadOnlyList<Model.Recording> Recordings);
