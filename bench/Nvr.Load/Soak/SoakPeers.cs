using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Load.Soak;

/// <summary>
/// The soak's object store: tests/peers/s3-server.sh (npm s3rver) on a free loopback port, its pid and log files in the
/// soak's own directory (TMPDIR), stopped by the same script with that pid file.
/// </summary>
public sealed class S3Peer : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _runDirectory;

    private S3Peer(string script, string runDirectory, int port)
    {
        _script = script;
        _runDirectory = runDirectory;
        Port = port;
    }

    public int Port { get; }

    public string StorageUri => $"s3://nvr-access:nvr-secret@127.0.0.1:{Port}/nvr?tls=false";

    public static async Task<S3Peer> StartAsync(string peersDirectory, string directory)
    {
        var runDirectory = Path.Combine(directory, "s3-run");
        Directory.CreateDirectory(runDirectory);
        var peer = new S3Peer(Path.Combine(peersDirectory, "s3-server.sh"), runDirectory, FreePort());
        var (code, output) = await peer.RunScriptAsync("start", Path.Combine(directory, "s3-data"));
        return code == 0 ? peer : throw new InvalidOperationException($"s3-server.sh start failed: {output}");
    }

    public async ValueTask DisposeAsync() => await RunScriptAsync("stop");

    /// <summary>The directory holding tests/peers: above the working directory or above the harness's own files.</summary>
    public static string FindPeersDirectory(string? given)
    {
        if (given is not null)
        {
            return Path.GetFullPath(given);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "peers");
                if (File.Exists(Path.Combine(candidate, "s3-server.sh")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException("tests/peers/s3-server.sh not found: run from the repository or pass --peers");
    }

    /// <summary>
    /// A free loopback port for a process that must be told its port before it starts (s3rver, the appliance), taken
    /// below the kernel's ephemeral range (as tests/Nvr.Testing does) so no port-0 server or outgoing connection of
    /// another process is handed the same port meanwhile. Each start of the appliance reuses its port (same URL).
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 30000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // in use: try another
            }
        }

        throw new InvalidOperationException("no free TCP port in 20000-29999 on 127.0.0.1");
    }

    private async Task<(int Code, string Output)> RunScriptAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash", [_script, args[0], Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args[1..]])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TMPDIR"] = _runDirectory;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output + await error);
    }
}
