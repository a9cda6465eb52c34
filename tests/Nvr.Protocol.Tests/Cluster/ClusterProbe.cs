namespace Nvr.Protocol.Tests.Cluster;

/// <summary>The cluster tests' bounded probe: what they wait for (segments in the shared index, log lines, SOAP answers) has no push channel.</summary>
internal static class ClusterProbe
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Re-checks <paramref name="condition"/> every 250 ms until it holds or the time is up.</summary>
    /// <param name="diagnosis">What the failure message adds (e.g. <see cref="ClusterHarness.Diagnosis"/>): CI shows only the message.</param>
    public static Task Eventually(Func<bool> condition, string what, TimeSpan? timeout = null, Func<string>? diagnosis = null) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, timeout, diagnosis);

    /// <summary>Re-checks <paramref name="condition"/> every 250 ms until it holds or the time is up.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, Func<string>? diagnosis = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting until {what}" + (diagnosis is null ? string.Empty : "\n" + diagnosis()));
            }

            await Task.Delay(250);
        }
    }
}
