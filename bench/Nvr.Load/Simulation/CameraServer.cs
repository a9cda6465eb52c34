using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Nvr.Load.Simulation;

/// <summary>
/// N cameras behind one loopback port: every RTSP connection (any path, e.g. <c>/cam/17</c>) is an independent
/// camera with its own SSRCs and timeline. One pacing loop ticks every <see cref="Tick"/> for all playing cameras,
/// so a camera costs no thread, task or timer of its own.
/// </summary>
public sealed class CameraServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CaptureLoop _capture;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<SimulatedCamera, byte> _playing = new();
    private readonly ConcurrentBag<SimulatedCamera> _cameras = [];
    private readonly Task _accept;
    private readonly Task _pace;
    private int _connections;

    public CameraServer(CaptureLoop capture, int port, TimeSpan tick)
    {
        _capture = capture;
        Tick = tick;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start(1024);
        _accept = AcceptAsync();
        _pace = PaceAsync();
    }

    public TimeSpan Tick { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Playing => _playing.Count;

    public IReadOnlyCollection<SimulatedCamera> Cameras => _cameras;

    public string UriOf(int camera) => $"rtsp://127.0.0.1:{Port}/cam/{camera}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var task in new[] { _accept, _pace })
        {
            try
            {
                await task;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            socket.NoDelay = true;
            var camera = new SimulatedCamera(socket, _capture, Interlocked.Increment(ref _connections));
            _cameras.Add(camera);
            _ = ServeAsync(socket, camera);
        }
    }

    private async Task ServeAsync(Socket socket, SimulatedCamera camera)
    {
        try
        {
            await camera.ServeAsync(c => _playing.TryAdd(c, 0), _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _playing.TryRemove(camera, out _);
            socket.Dispose();
        }
    }

    private async Task PaceAsync()
    {
        using var timer = new PeriodicTimer(Tick);
        while (await timer.WaitForNextTickAsync(_stop.Token))
        {
            var now = TimeProvider.System.GetTimestamp();
            foreach (var camera in _playing.Keys)
            {
                camera.Tick(now);
            }
        }
    }
}
