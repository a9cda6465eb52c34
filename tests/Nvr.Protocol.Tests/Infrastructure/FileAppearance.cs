namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Awaits a file another process writes (a file-system watcher, checked again on every change; no polling).</summary>
public static class FileAppearance
{
    /// <summary>A file matching <paramref name="pattern"/> below <paramref name="directory"/> that satisfies <paramref name="ready"/>.</summary>
    public static async Task<string> WaitAsync(string directory, string pattern, Func<string, bool> ready, TimeSpan timeout)
    {
        Directory.CreateDirectory(directory);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            foreach (var file in Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories))
            {
                if (ready(file))
                {
                    found.TrySetResult(file);
                }
            }
        }

        using var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = true, EnableRaisingEvents = true };
        watcher.Created += (_, _) => Check();
        watcher.Changed += (_, _) => Check();
        Check();
        return await found.Task.WaitAsync(timeout);
    }
}
