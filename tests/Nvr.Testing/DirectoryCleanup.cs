namespace Nvr.Testing;

/// <summary>
/// Deletes a test's directory at cleanup without failing the run for a leftover: a thread of the appliance that is
/// still ending (a file closed a moment after the host was disposed) is waited for, with a deadline; what is still there
/// after it is named on stderr. A fixture's cleanup exception would otherwise fail the whole test run with no failed test.
/// </summary>
public static class DirectoryCleanup
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static async Task DeleteAsync(string path)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    var left = Directory.Exists(path)
                        ? Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Take(10).ToList()
                        : [];
                    await Console.Error.WriteLineAsync($"cleanup: {path} not deleted within {Patience.TotalSeconds:0} s ({e.Message}); left: {string.Join(", ", left)}");
                    return;
                }

                await Task.Delay(100); // a writer that is still ending: retried until the deadline
            }
        }
    }
}
