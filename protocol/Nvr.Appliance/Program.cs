using System.CommandLine;
using Nvr.Protocol.Hosting;

namespace Nvr.Appliance;

/// <summary>The appliance executable: serves the ONVIF services until SIGINT/SIGTERM.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var commandLine = new ApplianceCommandLine();
        commandLine.Root.SetAction((result, _) => ServeAsync(commandLine, result));
        commandLine.Record.SetAction((result, _) => RecordAsync(result.UnmatchedTokens));
        var parsed = commandLine.Root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"nvr: {error.Message}");
            }

            Console.Error.WriteLine("nvr: see nvr --help");
            return 2;
        }

        // Both commands stop themselves on SIGINT/SIGTERM (open segments are closed), so no termination timeout here.
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static async Task<int> RecordAsync(IReadOnlyList<string> args)
    {
        using var interrupted = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        return await Nvr.Recording.Cli.RecordCommand.RunAsync(args, Console.Out, Console.Error, interrupted.Token);
    }

    private static async Task<int> ServeAsync(ApplianceCommandLine commandLine, ParseResult result)
    {
        var demo = commandLine.IsDemo(result);
        ApplianceOptions options;
        try
        {
            options = commandLine.Read(result);
        }
        catch (Exception e) when (e is ArgumentException or IOException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"nvr: {e.Message}");
            Console.Error.WriteLine("nvr: see nvr --help");
            return 2;
        }

        await using var host = await ApplianceHost.StartAsync(options);
        Console.WriteLine($"nvr: data directory {options.DataDirectory}");
        Console.WriteLine($"nvr: control database {options.EffectivePersistence.Provider}");
        foreach (var (token, _) in options.Storages)
        {
            Console.WriteLine($"nvr: storage '{token}' configured");
        }

        (string Name, IReadOnlyList<string> Urls)[] services =
        [
            ("device", host.DeviceServiceUrls), ("recording", host.ServiceUrls), ("receiver", host.ReceiverServiceUrls),
            ("schedule", host.ScheduleServiceUrls), ("event", host.EventServiceUrls), ("replay", host.ReplayServiceUrls),
        ];
        foreach (var (name, urls) in services)
        {
            foreach (var url in urls)
            {
                Console.WriteLine($"nvr: ONVIF {name} service {url}");
            }
        }

        if (host.Rtsp is { } rtsp)
        {
            Console.WriteLine($"nvr: RTSP replay server on port {rtsp.Port} (rtsp://HOST:{rtsp.Port}/replay/<RecordingToken>)");
        }

        await using var camera = demo ? await DemoCamera.StartAsync(host.Control, options.Storages.Keys.First(), Console.Out) : null;
        if (demo)
        {
            Console.WriteLine($"nvr: demo segments land under {DescribeStorage(options.Storages.Values.First())}");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, host.Stopping);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("nvr: stopping");
        }

        return 0;
    }

    private static string DescribeStorage(string uri) =>
        uri.StartsWith("file://", StringComparison.Ordinal) ? Path.Combine(new Uri(uri).LocalPath, "demo") : "the configured storage (prefix demo/)";
}
