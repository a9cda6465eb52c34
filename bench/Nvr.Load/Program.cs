using System.CommandLine;
using Nvr.Load.Harness;
using Nvr.Load.Simulation;
using Nvr.Load.Soak;
using Nvr.Pipeline.Simulator;

namespace Nvr.Load;

/// <summary>
/// <c>nvr-load</c>: the load harness (default command) and the camera simulator (<c>simulate</c>), which the harness
/// runs as a separate process. See docs/benchmarks.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var cameras = new Option<int>("--cameras") { DefaultValueFactory = _ => 20, Description = "Number of cameras." };
        var seconds = new Option<int>("--seconds") { DefaultValueFactory = _ => 20, Description = "Recording time of each fleet." };
        var warmup = new Option<int>("--warmup-seconds") { DefaultValueFactory = _ => 0, Description = "Recording time of each fleet before the measured window (connections, JIT, process start-up)." };
        var readMs = new Option<int?>("--ingest-read-ms") { Description = "Passed to the appliance: period of its shared ingest read tick (0: read every burst as it arrives)." };
        var segment = new Option<int>("--segment-seconds") { DefaultValueFactory = _ => 4, Description = "Segment duration of both fleets." };
        var output = new Option<string?>("--out") { Description = "Output directory (default a new temp directory; deleted after a run without loss unless --keep)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the recorded files." };
        var noFfmpeg = new Option<bool>("--no-ffmpeg") { Description = "Skip the ffmpeg-per-camera comparison." };
        var csv = new Option<string?>("--csv") { Description = "Append one row per fleet to this CSV file (sweeps)." };
        var user = new Option<string?>("--admin-user") { Description = "Credentials the harness passes to the appliance and sends (UsernameToken)." };
        var password = new Option<string?>("--admin-password") { Description = "See --admin-user." };
        var port = new Option<int>("--port") { DefaultValueFactory = _ => 0, Description = "simulate: RTSP port on 127.0.0.1 (0 = any free port)." };
        var media = new Option<string?>("--media") { Description = "simulate: capture to loop, FILE.sdp + FILE.rtpdump (default: the appliance's demo capture, H.264 720p + AAC)." };
        var tick = new Option<int>("--tick-ms") { DefaultValueFactory = _ => 20, Description = "simulate: pacing tick shared by all cameras." };

        var root = new RootCommand("nvr-load: records N simulated cameras with the appliance and with N ffmpeg processes, and compares.")
        {
            cameras, seconds, warmup, readMs, segment, output, keep, noFfmpeg, csv, user, password,
        };
        root.SetAction(async (result, cancellationToken) => await LoadHarness.RunAsync(new LoadOptions
        {
            Cameras = result.GetValue(cameras),
            Seconds = result.GetValue(seconds),
            WarmupSeconds = result.GetValue(warmup),
            IngestReadMilliseconds = result.GetValue(readMs),
            SegmentSeconds = result.GetValue(segment),
            OutputDirectory = result.GetValue(output) is { } o ? Path.GetFullPath(o) : new LoadOptions().OutputDirectory,
            Keep = result.GetValue(keep),
            Ffmpeg = !result.GetValue(noFfmpeg),
            CsvFile = result.GetValue(csv),
            AdminUser = result.GetValue(user),
            AdminPassword = result.GetValue(password),
        }, Console.Out, cancellationToken));

        var simulate = new Command("simulate", "N RTSP cameras on 127.0.0.1 (one per connection, any path such as /cam/7), until SIGINT/SIGTERM or stdin closes.")
        {
            cameras, port, media, tick,
        };
        simulate.SetAction(async (result, cancellationToken) =>
            await SimulateAsync(result.GetValue(cameras), result.GetValue(port), result.GetValue(media), result.GetValue(tick), cancellationToken));
        root.Subcommands.Add(simulate);
        root.Subcommands.Add(SoakCommand());
        // Ctrl+C cancels the action; the soak then kills its appliance, stops its peers and prints its summary
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
    }

    private static Command SoakCommand()
    {
        var cameras = new Option<int>("--cameras") { DefaultValueFactory = _ => 4, Description = "Number of cameras (even ones record to local disk, odd ones to S3)." };
        var kills = new Option<int>("--kills") { DefaultValueFactory = _ => 100, Description = "How many times the appliance is SIGKILLed and restarted." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the kill moments (default: random, printed)." };
        var segment = new Option<int>("--segment-seconds") { DefaultValueFactory = _ => 2, Description = "Segment duration of every recording." };
        var delay = new Option<double>("--max-kill-delay") { DefaultValueFactory = _ => 5, Description = "A kill comes within this many seconds after recording resumed." };
        var output = new Option<string?>("--out") { Description = "Output directory (default a new temp directory; deleted after a clean run unless --keep)." };
        var keep = new Option<bool>("--keep") { Description = "Keep the data directories." };
        var peers = new Option<string?>("--peers") { Description = "Directory of tests/peers (s3-server.sh); default: found above the working directory." };
        var soak = new Command("soak", "Crash soak: N cameras recording to local disk and S3, the appliance SIGKILLed K times at random moments and restarted; checks after every restart; exit 1 on any violation.")
        {
            cameras, kills, seed, segment, delay, output, keep, peers,
        };
        soak.SetAction(async (result, cancellationToken) => await SoakHarness.RunAsync(new SoakOptions
        {
            Cameras = result.GetValue(cameras),
            Kills = result.GetValue(kills),
            Seed = result.GetValue(seed) ?? Random.Shared.Next(),
            SegmentSeconds = result.GetValue(segment),
            MaxKillDelaySeconds = result.GetValue(delay),
            OutputDirectory = result.GetValue(output) is { } o ? Path.GetFullPath(o) : new SoakOptions().OutputDirectory,
            Keep = result.GetValue(keep),
            PeersDirectory = result.GetValue(peers),
        }, Console.Out, cancellationToken));
        return soak;
    }

    private static async Task<int> SimulateAsync(int cameras, int port, string? media, int tickMs, CancellationToken cancellationToken)
    {
        var (sdp, dump) = media is null
            ? (System.Text.Encoding.UTF8.GetString(Resource("demo-camera.sdp")), Resource("demo-camera.rtpdump"))
            : (File.ReadAllText(media + ".sdp"), File.ReadAllBytes(media + ".rtpdump"));
        var capture = new CaptureLoop(sdp, RtpDumpReader.Read(dump));
        await using var server = new CameraServer(capture, port, TimeSpan.FromMilliseconds(tickMs));
        Console.WriteLine($"nvr-load simulate: {cameras} cameras, {capture.Streams.Count} streams each, listening rtsp://127.0.0.1:{server.Port}/cam/{{0..{cameras - 1}}}");
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd(), CancellationToken.None);
        await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, cancellationToken)).ContinueWith(_ => { }, TaskScheduler.Default);
        foreach (var camera in server.Cameras.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            Console.WriteLine($"nvr-load simulate: {camera.Path} sent {camera.VideoFramesSent} video frames, {camera.BytesSent} bytes");
        }

        return 0;
    }

    private static byte[] Resource(string name)
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
