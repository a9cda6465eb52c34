using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Nvr.Storage.Configuration;
using Nvr.Storage.S3;

namespace Nvr.Storage.Tests.Support;

/// <summary>
/// A real s3rver (tests/peers/s3-server.sh) on a free 127.0.0.1 port with its data in a temp folder;
/// can be stopped and restarted on the same port and data to simulate an outage. Always stopped on dispose.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);

    // Test classes run in parallel: serialise script runs so a first-use npm install happens once.
    private static readonly SemaphoreSlim ScriptGate = new(1, 1);
    private readonly TempDirectory _data = new();
    private bool _running;

    private S3Server(int port) => Port = port;

    public int Port { get; }

    public string Bucket => "nvr";

    public S3StorageConfiguration Configuration
        => (S3StorageConfiguration)StorageUriParser.Parse("s3", $"s3://nvr-access:nvr-secret@127.0.0.1:{Port}/{Bucket}?region=us-east-1&tls=false");

    public static async Task<S3Server> StartNewAsync()
    {
        var server = new S3Server(FreePort());
        await server.StartAsync();
        return server;
    }

    public AmazonS3Client CreateClient() => S3ClientFactory.Create(Configuration, TimeSpan.FromSeconds(30));

    public async Task StartAsync()
    {
        await RunScriptAsync("start", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _data.Path);
        _running = true;
    }

    public async Task StopAsync()
    {
        await RunScriptAsync("stop", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _running = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            await StopAsync();
        }

        _data.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunScriptAsync(params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "peers", "s3-server.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        await ScriptGate.WaitAsync();
        try
        {
            await RunAsync(start, arguments);
        }
        finally
        {
            ScriptGate.Release();
        }
    }

    private static async Task RunAsync(ProcessStartInfo start, string[] arguments)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"s3-server.sh {string.Join(' ', arguments)} did not finish within {ScriptTimeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"s3-server.sh {string.Join(' ', arguments)} failed (exit {process.ExitCode}); s3rver needs node and npm: {await stdout}{await stderr}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tests", "peers", "s3-server.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("tests/peers/s3-server.sh not found above " + AppContext.BaseDirectory);
    }
}
