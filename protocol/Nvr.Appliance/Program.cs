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

        ApplianceHost host;
        try
        {
            host = await ApplianceHost.StartAsync(options);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"nvr: {e.Message}");
            return 2;
        }

        await using var stopAtTheEnd = host;
        Console.WriteLine($"nvr: data directory {options.DataDirectory}");
        Console.WriteLine($"nvr: control database {options.EffectivePersistence.Provider}");
        foreach (var (token, _) in options.Storages)
        {
            Console.WriteLine($"nvr: storage '{token}' configured");
        }

        (string Name, IReadOnlyList<string> Urls)[] services =
        [
            ("device", host.DeviceServiceUrls), ("recording", host.ServiceUrls), ("receiver", host.ReceiverServiceUrls),
            ("schedule", host.ScheduleServiceUrls), ("event", host.EventServiceUrls), ("search", host.SearchServiceUrls), ("replay", host.ReplayServiceUrls),
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

        if (host.DiscoveryPort is { } discoveryPort)
        {
            Console.WriteLine($"nvr: WS-Discovery on UDP port {discoveryPort}");
        }

        PrintAdministrator(host.FirstRun, options, demo);
        await using var camera = demo ? await DemoCamera.StartAsync(host.Control, options.Storages.Keys.First(), Console.Out) : null;
        if (demo)
        {
            Console.WriteLine($"nvr: demo segments land under {DescribeStorage(options.Storages.Values.First())}");
        }

        var stats = RuntimeStatsFile.RunAsync(host.Stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, host.Stopping);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("nvr: stopping");
        }

        await stats;

        return 0;
    }

    /// <summary>A generated password is printed once (at the start that made it); --demo prints the credentials each start.</summary>
    private static void PrintAdministrator(Nvr.Protocol.Security.FirstRunAdministrator.Outcome admin, ApplianceOptions options, bool demo)
    {
        var file = Path.Combine(options.DataDirectory, Nvr.Protocol.Security.FirstRunAdministrator.InitialPasswordFile);
        if (admin.GeneratedPassword is { } generated)
        {
            Console.WriteLine($"nvr: created administrator '{admin.Username}' with the generated password {generated} (also in {file}; change it with SetUser)");
        }
        else if (admin.Created)
        {
            Console.WriteLine($"nvr: created administrator '{admin.Username}' with the given password");
        }

        if (demo && admin.GeneratedPassword is null)
        {
            var known = !admin.Created && File.Exists(file) ? File.ReadAllText(file).Trim() : options.AdminPassword;
            Console.WriteLine(known is null
                ? $"nvr: sign in to the services above as '{admin.Username}' with the password set at first start"
                : $"nvr: sign in to the services above as '{admin.Username}' with password {known} (the initial one, unless changed since; UsernameToken digest or HTTP Digest)");
        }
    }

    private static string DescribeStorage(string uri) =>
        uri.StartsWith("file://", StringComparison.Ordinal) ? Path.Combine(new Uri(uri).LocalPath, "demo") : "the configured storage (prefix demo/)";
}
