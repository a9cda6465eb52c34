namespace Nvr.Storage.Tests.Support;

/// <summary>Awaiting helpers with generous timeouts (no sleeps).</summary>
public static class Signals
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<T> Within<T>(this TaskCompletionSource<T> source, string what)
    {
        try
        {
            return await source.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out after {Timeout.TotalSeconds} s waiting for {what}");
        }
    }

    public static TaskCompletionSource<T> Create<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
