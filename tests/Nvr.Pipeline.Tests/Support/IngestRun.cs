using Nvr.Pipeline.Ingest;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>Runs an ingest until a condition over the collected units holds (or a generous timeout), then stops it.</summary>
public static class IngestRun
{
    public static async Task<List<CapturedUnit>> CollectAsync(
        RtspIngest ingest, Func<IReadOnlyList<CapturedUnit>, bool> done, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource();
        var run = ingest.RunAsync(cts.Token);
        var units = new List<CapturedUnit>();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var unit in ingest.AccessUnits.ReadAllAsync(deadline.Token))
            {
                units.Add(CapturedUnit.CopyOf(unit));
                unit.Release();
                if (done(units))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"condition not met within {timeout}; {units.Count} units, stats {ingest.GetStatistics()}");
        }

        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        ingest.Output.DrainAndRelease();
        return units;
    }
}
