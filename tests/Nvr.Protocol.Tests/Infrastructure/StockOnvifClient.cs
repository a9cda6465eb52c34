using System.Diagnostics;
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
        var start = new ProcessStartInfo("bash", [TestTools.PeerScript("onvif-event-client.sh"), mode, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["NVR_USER"] = OnvifCredentials.Admin.Username, ["NVR_PASSWORD"] = OnvifCredentials.Admin.Password },
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start onvif-event-client.sh");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{mode} client failed ({process.ExitCode}): {await error}\n{await output}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
