using System.Text;
using Nvr.Pipeline.Sdp;

namespace Nvr.Pipeline.Rtsp;

/// <summary>
/// RTSP/1.0 client for the subset cameras use: OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN, with
/// Basic/Digest authentication (one retry per 401). Refusals become <see cref="RtspException"/> with the
/// matching <see cref="RtspFailure"/>; 3xx answers to DESCRIBE are reported as <see cref="RtspRedirect"/>.
/// </summary>
public sealed class RtspClient : IAsyncDisposable
{
    private const string UserAgent = "Nvr.Pipeline";
    private readonly RtspConnection _connection;
    private readonly RtspAuthenticator _authenticator;
    private readonly TimeProvider _time;
    private readonly TimeSpan _requestTimeout;
    private int _cseq;

    private RtspClient(Uri uri, RtspConnection connection, RtspCredentials? credentials, TimeProvider time, TimeSpan requestTimeout)
    {
        Uri = StripUserInfo(uri);
        this._connection = connection;
        this._time = time;
        this._requestTimeout = requestTimeout;
        _authenticator = new RtspAuthenticator(credentials);
    }

    /// <summary>The presentation URI without user info.</summary>
    public Uri Uri { get; }

    /// <summary>Session established by the first SETUP.</summary>
    public RtspSessionHeader? Session { get; private set; }

    /// <summary>The SDP text of the last DESCRIBE (null before).</summary>
    public string? DescriptionText { get; private set; }

    /// <summary>Methods the server listed in its OPTIONS Public header.</summary>
    public IReadOnlyList<string> ServerMethods { get; private set; } = [];

    /// <summary>Completes (faulted) when the connection ends.</summary>
    public Task Completion => _connection.Completion;

    /// <summary>Bytes received on the RTSP connection (text and interleaved).</summary>
    public long BytesReceived => _connection.BytesReceived;

    /// <summary>
    /// Opens the TCP connection. Credentials default to the ones in the URI. With <paramref name="pacer"/> the
    /// connection is read by the pacer's tick from the start and never uses an asynchronous socket operation (so the
    /// socket is never registered with the runtime's epoll thread, which would otherwise wake for every packet burst).
    /// </summary>
    public static async Task<RtspClient> ConnectAsync(
        Uri uri, RtspCredentials? credentials, TimeProvider time, TimeSpan requestTimeout, CancellationToken cancellationToken, Ingest.ReadPacer? pacer = null)
    {
        if (!uri.Scheme.Equals("rtsp", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"not an rtsp:// URI: {StripUserInfo(uri)}", nameof(uri));
        }

        var connection = await RtspConnection.OpenAsync(uri, requestTimeout, time, cancellationToken, pacer).ConfigureAwait(false);
        return new RtspClient(uri, connection, credentials ?? RtspCredentials.FromUri(uri), time, requestTimeout);
    }

    public void SetFrameHandler(IInterleavedFrameHandler handler) => _connection.SetFrameHandler(handler);

    /// <summary>Reads a drained connection again at the pacer's next tick instead of at its next packet (see <see cref="Ingest.ReadPacer"/>).</summary>
    public void PaceReads(Ingest.ReadPacer pacer) => _connection.PaceReads(pacer);

    public async Task<RtspResponse> OptionsAsync(CancellationToken cancellationToken)
    {
        var response = await RequestAsync("OPTIONS", Uri, null, cancellationToken).ConfigureAwait(false);
        ServerMethods = (response.Header("Public") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return response;
    }

    /// <summary>DESCRIBE: the parsed SDP, resolved against Content-Base / Content-Location / the request URI.</summary>
    public async Task<SessionDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        var response = await SendAsync("DESCRIBE", Uri, "Accept: application/sdp\r\n", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is >= 300 and < 400)
        {
            var location = response.Header("Location");
            if (location is null || !Uri.TryCreate(Uri, location, out var target))
            {
                throw new RtspException(RtspFailure.RedirectFailed, $"DESCRIBE answered {response.StatusCode} without a usable Location", response.StatusCode);
            }

            throw new RtspRedirect(target);
        }

        EnsureSuccess("DESCRIBE", response);
        DescriptionText = response.Body;
        var baseText = response.Header("Content-Base") ?? response.Header("Content-Location");
        var baseUri = baseText is not null && Uri.TryCreate(baseText, UriKind.Absolute, out var parsed) ? parsed : Uri;
        try
        {
            return SdpParser.Parse(response.Body, baseUri);
        }
        catch (FormatException e)
        {
            throw new RtspException(RtspFailure.UnusableDescription, $"DESCRIBE returned unusable SDP: {e.Message}", 0, e);
        }
    }

    /// <summary>SETUP one stream with the given Transport request header; remembers the session.</summary>
    public async Task<RtspTransportHeader> SetupAsync(Uri control, string transport, CancellationToken cancellationToken)
    {
        var response = await RequestAsync("SETUP", control, $"Transport: {transport}\r\n", cancellationToken).ConfigureAwait(false);
        Session ??= RtspSessionHeader.Parse(response.Header("Session"));
        if (Session is null)
        {
            throw new RtspException(RtspFailure.ProtocolViolation, "SETUP response has no Session header");
        }

        return RtspTransportHeader.Parse(response.Header("Transport"));
    }

    public Task<RtspResponse> PlayAsync(Uri aggregate, CancellationToken cancellationToken) =>
        RequestAsync("PLAY", aggregate, "Range: npt=0.000-\r\n", cancellationToken);

    /// <summary>Keeps the session alive: GET_PARAMETER when the server lists it, else OPTIONS.</summary>
    public Task<RtspResponse> KeepAliveAsync(Uri aggregate, CancellationToken cancellationToken) =>
        ServerMethods.Contains("GET_PARAMETER", StringComparer.OrdinalIgnoreCase)
            ? RequestAsync("GET_PARAMETER", aggregate, null, cancellationToken)
            : RequestAsync("OPTIONS", Uri, null, cancellationToken);

    /// <summary>TEARDOWN, best effort: waits briefly and never throws.</summary>
    public async Task TeardownAsync(Uri aggregate, TimeSpan wait)
    {
        if (Session is null || _connection.Completion.IsCompleted)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(wait, _time);
            var number = Interlocked.Increment(ref _cseq);
            await _connection.SendAsync(number, BuildRequest("TEARDOWN", aggregate, number, null), wait, _time, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RtspException or OperationCanceledException)
        {
            // The session dies with the connection anyway.
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private async Task<RtspResponse> RequestAsync(string method, Uri target, string? extraHeaders, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, target, extraHeaders, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(method, response);
        return response;
    }

    private async Task<RtspResponse> SendAsync(string method, Uri target, string? extraHeaders, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _cseq);
        var response = await _connection.SendAsync(number, BuildRequest(method, target, number, extraHeaders), _requestTimeout, _time, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 401 && _authenticator.AcceptChallenge(response.HeaderValues("WWW-Authenticate")))
        {
            number = Interlocked.Increment(ref _cseq);
            response = await _connection.SendAsync(number, BuildRequest(method, target, number, extraHeaders), _requestTimeout, _time, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private string BuildRequest(string method, Uri target, int number, string? extraHeaders)
    {
        var uriText = StripUserInfo(target).AbsoluteUri;
        var text = new StringBuilder(256);
        text.Append(method).Append(' ').Append(uriText).Append(" RTSP/1.0\r\n");
        text.Append("CSeq: ").Append(number).Append("\r\n");
        text.Append("User-Agent: ").Append(UserAgent).Append("\r\n");
        var authorization = _authenticator.AuthorizationFor(method, uriText);
        if (authorization is not null)
        {
            text.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        if (Session is not null)
        {
            text.Append("Session: ").Append(Session.Id).Append("\r\n");
        }

        text.Append(extraHeaders).Append("\r\n");
        return text.ToString();
    }

    private static void EnsureSuccess(string method, RtspResponse response)
    {
        if (response.IsSuccess)
        {
            return;
        }

        throw new RtspException(
            RtspException.FailureFor(response.StatusCode),
            $"{method} refused: {response.StatusCode} {response.ReasonPhrase}",
            response.StatusCode);
    }

    private static Uri StripUserInfo(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;
}
