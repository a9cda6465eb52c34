using System.Diagnostics;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>
/// Starts the project's GStreamer RTSP test server (tests/peers/rtsp-server.sh) on a free port with the
/// generated test media, and stops it when the tests are done. Fails loudly when the peer cannot start.
/// </summary>
public sealed class GStreamerServerFixture : IAsyncLifetime
{
    public int Port { get; private set; }

    public string MediaDirectory { get; } = TestTools.MediaDirectory;

    public Uri UriFor(string path) => new($"rtsp://127.0.0.1:{Port}/{path}");

    public async Task InitializeAsync()
    {
        await Peers.RunAsync(Peers.Script("make-media.sh"), [MediaDirectory], TimeSpan.FromMinutes(5));
        Port = await Nvr.Testing.TestTools.StartRtspServerAsync(MediaDirectory);
    }

    /// <summary>Stops the server (the robustness test kills it mid-stream).</summary>
    public Task StopAsync() => Peers.RunAsync(Peers.Script("rtsp-server.sh"), ["stop", Port.ToString()], TimeSpan.FromMinutes(1));

    /// <summary>Starts it again on the same port.</summary>
    public Task StartAsync() => Peers.RunAsync(Peers.Script("rtsp-server.sh"), ["start", Port.ToString(), MediaDirectory], TimeSpan.FromMinutes(1));

    public Task DisposeAsync() => Port == 0 ? Task.CompletedTask : StopAsync();
}
