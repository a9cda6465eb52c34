using System.Text.Json;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// Runs a stock ONVIF client of tests/peers/onvif-event-client.sh (node-soap or the npm <c>onvif</c> package) signed in
/// as the fixtures' administrator, and returns the JSON lines it printed; fails with its output when it exits non-zero.
/// </summary>
public static class StockOnvifClient
{
    public static async Task<List<JsonElement>> RunAsync(string mode, params string[] arguments)
    {
        var run = await TestTools.RunUncheckedAsync(
            "bash",
            [TestTools.PeerScript("onvif-event-client.sh"), mode, .. arguments],
            TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { ["NVR_USER"] = OnvifCredentials.Admin.Username, ["NVR_PASSWORD"] = OnvifCredentials.Admin.Password });
        Assert.True(run.ExitCode == 0, $"{mode} client failed ({run.ExitCode}): {run.Error}\n{run.Output}");
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
