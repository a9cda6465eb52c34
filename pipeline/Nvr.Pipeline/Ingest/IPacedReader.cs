namespace Nvr.Pipeline.Ingest;

/// <summary>A connection read by <see cref="ReadPacer"/>'s tick.</summary>
public interface IPacedReader
{
    /// <summary>Reads and handles what arrived, without blocking; false when the reader is done (never called again).</summary>
    bool OnTick();

    /// <summary>The pacer was disposed while the reader was registered (called once, not during <see cref="OnTick"/>).</summary>
    void OnPacerStopped();
}
