namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// Decides whether an RTSP request may proceed (RFC 2326 §D.2 / RFC 2617). The server itself knows no users: the
/// protocol layer supplies an implementation (HTTP Digest with the appliance's users, READ_MEDIA); without one every
/// request is allowed.
/// </summary>
public interface IRtspAuthenticator
{
    /// <summary>
    /// Checks <paramref name="authorization"/> (the request's Authorization header, null when absent) for
    /// <paramref name="method"/> on <paramref name="uri"/>, sent by <paramref name="peer"/>.
    /// </summary>
    ValueTask<RtspAuthenticationResult> AuthenticateAsync(string method, string uri, string? authorization, RtspPeer peer, CancellationToken cancellationToken);
}

/// <summary>Who sent an RTSP request: the client's address and the local address it reached (null when unknown).</summary>
public readonly record struct RtspPeer(System.Net.IPAddress? Client, System.Net.IPAddress? Local);

/// <summary>The outcome of <see cref="IRtspAuthenticator.AuthenticateAsync"/>: allowed, or 401 with these challenges.</summary>
public sealed record RtspAuthenticationResult(bool Allowed, IReadOnlyList<string> Challenges)
{
    public static RtspAuthenticationResult Allow { get; } = new(true, []);

    public static RtspAuthenticationResult Challenge(params string[] challenges) => new(false, challenges);
}
