namespace Nvr.Control.Engine;

/// <summary>Thrown by a runner actor whose data path failed, so that the engine's supervisor restarts it.</summary>
public sealed class RecordingRunnerFailedException : Exception
{
    public RecordingRunnerFailedException(string recordingToken, Exception inner)
        : base($"recording {recordingToken}: {inner.Message}", inner) => RecordingToken = recordingToken;

    public string RecordingToken { get; }
}
