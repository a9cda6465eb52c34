using System.Diagnostics;

namespace Nvr.Testing;

/// <summary>Kills a started process (and its children) when disposed, so a failing test never leaves it running.</summary>
public sealed class ProcessKiller : IDisposable
{
    private readonly Process _process;

    public ProcessKiller(Process process) => _process = process;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // the process was never started or is already gone
        }
    }
}
