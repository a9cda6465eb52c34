using System.Net;
using System.Threading.Channels;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtsp;
using Nvr.Pipeline.Sdp;

namespace Nvr.Pipeline.Ingest;

/// <summary>
/// One RTSP source pulled into access units: connect, OPTIONS, DESCRIBE (following redirects), SETUP of every
/// stream we can depacketize, PLAY, keepalive within the session timeout, TEARDOWN on cancellation.
/// <see cref="RunAsync"/> lasts for one session: it returns after a cancellation and throws
/// <see cref="RtspException"/> (with <see cref="RtspFailure"/>) when the source fails. Reconnecting is the job
/// of <see cref="ReconnectLoop"/>; pass the same <see cref="AccessUnitChannel"/> to each new ingest.
/// </summary>
public sealed class RtspIngest
{
    private readonly RtspIngestOptions _options;
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _udpLock = new();
    private volatile IReadOnlyList<RtpStreamReceiver> _receivers = [];

    public RtspIngest(RtspIngestOptions options, AccessUnitChannel? output = null)
    {
        this._options = options;
        Output = output ?? new AccessUnitChannel(options.ChannelCapacity, options.Logger);
    }

    /// <summary>The bounded output (GOP-dropping when full).</summary>
    public AccessUnitChannel Output { get; }

    /// <summary>Shortcut for <c>Output.Reader</c>.</summary>
    public ChannelReader<AccessUnit> AccessUnits => Output.Reader;

    /// <summary>Completes when PLAY succeeded (media is expected from then on).</summary>
    public Task Connected => _connected.Task;

    /// <summary>The streams being received (empty before SETUP).</summary>
    public IReadOnlyList<StreamDescription> Streams { get; private set; } = [];

    /// <summary>The session description from DESCRIBE (null before).</summary>
    public SessionDescription? Description { get; private set; }

    /// <summary>Per-stream receivers (counters, clocks).</summary>
    public IReadOnlyList<RtpStreamReceiver> Receivers => _receivers;

    /// <summary>Sums the counters of all streams and the output channel.</summary>
    public IngestStatistics GetStatistics()
    {
        long packets = 0, bytes = 0, lost = 0, reordered = 0, rejected = 0, malformed = 0, emitted = 0, dropped = 0, reports = 0;
        foreach (var r in _receivers)
        {
            packets += r.Counters.Packets;
            bytes += r.Counters.Bytes;
            lost += r.Counters.Lost;
            reordered += r.Counters.Reordered;
            rejected += r.Counters.Rejected;
            reports += r.Counters.SenderReports;
            malformed += r.Depacketizer.Counters.MalformedPackets;
            emitted += r.Depacketizer.Counters.EmittedUnits;
            dropped += r.Depacketizer.Counters.DroppedUnits;
        }

        return new IngestStatistics(packets, bytes, lost, reordered, rejected, malformed, emitted, dropped, Output.DroppedUnits, Output.DroppedGops, reports);
    }

    /// <summary>
    /// Runs one session. Returns after <paramref name="cancellationToken"/> is cancelled (TEARDOWN sent);
    /// throws <see cref="RtspException"/> on failure. With <paramref name="completeOutput"/> the output channel
    /// is completed (with the failure, if any) when the session ends.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken, bool completeOutput = true)
    {
        Exception? failure = null;
        try
        {
            await RunSessionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            failure = e;
            _connected.TrySetException(e);
            IngestLog.SessionFailed(_options.Logger, WithoutUserInfo(_options.Source), e is RtspException r ? r.Failure.ToString() : e.GetType().Name, e.Message);
            throw;
        }
        finally
        {
            _connected.TrySetCanceled(CancellationToken.None);
            if (completeOutput)
            {
                Output.Complete(failure);
            }
        }
    }

    private async Task RunSessionAsync(CancellationToken cancellationToken)
    {
        var time = _options.Time;
        var (client, description) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var udpSockets = new List<UdpStreamSocket>();
        using var sessionStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        DeadlineScheduler? ownScheduler = null; // only when no shared one is given (tests, the record command)
        try
        {
            Description = description;
            var dispatcher = new InterleavedDispatcher();
            client.SetFrameHandler(dispatcher);
            var list = new List<RtpStreamReceiver>();
            var udpTasks = new List<Task>();
            foreach (var stream in description.Streams)
            {
                if (stream.Codec == MediaCodec.Unknown || stream.ControlUri is null)
                {
                    continue;
                }

                RtpStreamReceiver receiver;
                try
                {
                    receiver = new RtpStreamReceiver(stream, Output, time, _options.Logger);
                }
                catch (FormatException e)
                {
                    // format parameters the depacketizer cannot work with (e.g. AAC sizelength=33): the SDP is unusable
                    throw new RtspException(RtspFailure.UnusableDescription, $"stream {stream.Index}: {e.Message}", 0, e);
                }

                if (_options.Transport == RtspTransport.TcpInterleaved)
                {
                    var channel = list.Count * 2;
                    var transport = await client.SetupAsync(stream.ControlUri, $"RTP/AVP/TCP;unicast;interleaved={channel}-{channel + 1}", cancellationToken).ConfigureAwait(false);
                    dispatcher.Map(transport.RtpChannel >= 0 ? transport.RtpChannel : channel, transport.RtcpChannel >= 0 ? transport.RtcpChannel : channel + 1, receiver);
                }
                else
                {
                    var server = (await Dns.GetHostAddressesAsync(client.Uri.Host, cancellationToken).ConfigureAwait(false))[0];
                    var socket = UdpStreamSocket.Open(server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any);
                    udpSockets.Add(socket);
                    var transport = await client.SetupAsync(stream.ControlUri, $"RTP/AVP;unicast;client_port={socket.RtpPort}-{socket.RtpPort + 1}", cancellationToken).ConfigureAwait(false);
                    socket.ConnectTo(server, transport.ServerRtpPort, transport.ServerRtcpPort);
                    udpTasks.Add(socket.RunAsync(receiver, _udpLock, sessionStop.Token));
                }

                list.Add(receiver);
            }

            if (list.Count == 0)
            {
                throw new RtspException(RtspFailure.UnusableDescription, "the SDP has no stream with a supported codec (H.264, H.265, AAC, G.711, ONVIF metadata)");
            }

            Streams = list.ConvertAll(r => r.Stream);
            _receivers = list;
            Output.HasVideo = list.Exists(r => r.Stream.Kind == MediaKind.Video);
            await client.PlayAsync(description.AggregateControlUri, cancellationToken).ConfigureAwait(false);
            if (_options.ReadPacer is { } pacer && _options.Transport == RtspTransport.TcpInterleaved)
            {
                client.PaceReads(pacer); // media from now on: read in batches at the shared tick
            }

            IngestLog.Playing(_options.Logger, client.Uri, list.Count, _options.Transport, string.Join(", ", list.ConvertAll(r => r.Stream.ToString())));
            var sessionTimeout = client.Session?.Timeout ?? TimeSpan.FromSeconds(60);
            var keepAlivePeriod = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, sessionTimeout.Ticks / 2));
            var scheduler = _options.Deadlines ?? _options.ReadPacer?.Deadlines;
            if (scheduler is null)
            {
                scheduler = ownScheduler = new DeadlineScheduler(time);
            }

            using var timers = new SessionTimers(
                scheduler, client, description.AggregateControlUri, keepAlivePeriod, _options.MediaTimeout, () => GetStatistics().Packets, sessionStop.Token);
            _connected.TrySetResult();  // after the timers are armed: observers may advance a fake clock
            var ended = await Task.WhenAny(client.Completion, timers.Failed, Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken)).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                await client.TeardownAsync(description.AggregateControlUri, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                return;
            }

            await ended.ConfigureAwait(false);
            throw new RtspException(RtspFailure.ConnectionClosed, "the RTSP session ended");
        }
        finally
        {
            ownScheduler?.Dispose();
            await sessionStop.CancelAsync().ConfigureAwait(false);
            foreach (var socket in udpSockets)
            {
                socket.Dispose();
            }

            await client.DisposeAsync().ConfigureAwait(false);
            foreach (var r in _receivers)
            {
                r.Reset();
            }
        }
    }

    private async Task<(RtspClient Client, SessionDescription Description)> OpenAsync(CancellationToken cancellationToken)
    {
        var uri = _options.Source;
        var credentials = _options.Credentials ?? RtspCredentials.FromUri(_options.Source) ?? _options.DefaultCredentials?.Invoke();
        for (var redirects = 0; ; redirects++)
        {
            var pacer = _options.Transport == RtspTransport.TcpInterleaved ? _options.ReadPacer : null; // paced from the first byte
            var client = await RtspClient.ConnectAsync(uri, credentials, _options.Time, _options.RequestTimeout, cancellationToken, pacer).ConfigureAwait(false);
            try
            {
                try
                {
                    await client.OptionsAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (RtspException e) when (e.StatusCode is > 0 and not 401 and not 403)
                {
                    // Some cameras refuse OPTIONS; DESCRIBE decides.
                }

                return (client, await client.DescribeAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (RtspRedirect redirect)
            {
                await client.DisposeAsync().ConfigureAwait(false);
                if (redirects >= _options.MaxRedirects)
                {
                    throw new RtspException(RtspFailure.RedirectFailed, $"more than {_options.MaxRedirects} redirects (last to {redirect.Target})");
                }

                uri = redirect.Target;
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    private static Uri WithoutUserInfo(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
}
