using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Ingest;

/// <summary>
/// A consumer that takes access units straight from the ingest's thread (see <see cref="AccessUnitChannel.Forward"/>),
/// so no task sits between the socket reader and the consumer. Called under the channel's lock: must not block.
/// </summary>
public interface IAccessUnitTarget
{
    /// <summary>Takes ownership of <paramref name="unit"/>, or returns false when full (the caller then drops it).</summary>
    bool TryWrite(AccessUnit unit);

    /// <summary>The source ended, after its last unit (<paramref name="error"/>: why, or null).</summary>
    void Complete(Exception? error);
}
