using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Robustness;

/// <summary>Killing and restarting the real RTSP server mid-stream: Connecting, back off, Connected again.</summary>
[Collection(GStreamerCollection.Name)]
public sealed class ServerRestartTests(GStreamerServerFixture server)
{
    [Fact]
    public async Task Reconnect_loop_survives_a_server_restart()
    {
        var channel = new AccessUnitChannel(4096);
        var options = new RtspIngestOptions(server.UriFor("video-only?cam=restart")) { MediaTimeout = TimeSpan.FromSeconds(5) };
        var loop = ReconnectLoop.ForRtsp(options, channel, new BackoffPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)));
        var states = new List<ConnectionStateChange>();
        var connectedCount = 0;
        var firstConnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lostConnection = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.StateChanged += change =>
        {
            lock (states)
            {
                states.Add(change);
            }

            if (change.Current == ConnectionState.Connected)
            {
                (Interlocked.Increment(ref connectedCount) == 1 ? firstConnected : reconnected).TrySetResult();
            }
            else if (change.Current == ConnectionState.Connecting && change.Previous == ConnectionState.Connected)
            {
                lostConnection.TrySetResult();
            }
        };

        using var cts = new CancellationTokenSource();
        var run = loop.RunAsync(cts.Token);
        try
        {
            await firstConnected.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await WaitForKeyframeAsync(channel);
            await server.StopAsync();
            await lostConnection.Task.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(loop.LastError);
            await server.StartAsync();
            await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await WaitForKeyframeAsync(channel);
        }
        finally
        {
            await cts.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(30));
            channel.DrainAndRelease();
        }

        Assert.Equal(ConnectionState.NotConnected, loop.State);
        Assert.True(loop.Sessions >= 2);
        lock (states)
        {
            Assert.Equal(ConnectionState.Connecting, states[0].Current);
        }
    }

    private static async Task WaitForKeyframeAsync(AccessUnitChannel channel)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var unit = await channel.Reader.ReadAsync(cts.Token);
            var key = unit.Kind == MediaKind.Video && unit.IsKeyframe;
            unit.Release();
            if (key)
            {
                return;
            }
        }
    }
}
