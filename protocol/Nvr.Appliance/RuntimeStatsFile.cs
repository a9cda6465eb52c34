using System.Globalization;

namespace Nvr.Appliance;

/// <summary>
/// When the environment variable <c>NVR_STATS_FILE</c> names a file, the appliance rewrites it every second with its
/// runtime counters (GC collections per generation, total GC pause, bytes allocated, file-system syncs of the
/// group commits, thread-pool threads, work items completed by the pool, active timers) as <c>key=value</c> lines: what the load harness (bench/Nvr.Load) reads
/// from outside the process. Off when the variable is unset.
/// </summary>
internal static class RuntimeStatsFile
{
    public const string Variable = "NVR_STATS_FILE";

    public static async Task RunAsync(CancellationToken stopping)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"gen0={GC.CollectionCount(0)}\ngen1={GC.CollectionCount(1)}\ngen2={GC.CollectionCount(2)}\n" +
                    $"pauseMs={GC.GetTotalPauseDuration().TotalMilliseconds:F1}\nallocatedBytes={GC.GetTotalAllocatedBytes()}\n" +
                    $"heapBytes={GC.GetTotalMemory(false)}\nsyncs={Nvr.Storage.Local.GroupCommit.TotalSyncs}\n" +
                    $"threads={ThreadPool.ThreadCount}\nworkItems={ThreadPool.CompletedWorkItemCount}\ntimers={Timer.ActiveCount}\n" +
                    $"utc={DateTime.UtcNow:O}\n");
                await File.WriteAllTextAsync(path + ".tmp", text, stopping);
                File.Move(path + ".tmp", path, overwrite: true);
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
