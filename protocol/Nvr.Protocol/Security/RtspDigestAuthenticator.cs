using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Pipeline.RtspServer;
using Nvr.Protocol.Operations;

namespace Nvr.Protocol.Security;

/// <summary>
/// HTTP Digest for the RTSP server with the appliance's users: every request but OPTIONS needs a user whose level
/// may READ_MEDIA (replay streams recorded media). RTSP clients speak RFC 2617/2069 Digest with MD5, most of them
/// (GStreamer's rtspsrc among them) without qop, so the challenge offers MD5 by default and a response without qop is checked
/// against a nonce of ours that is still fresh. SetHashingAlgorithm's choice replaces MD5 (Core: it sets the algorithms
/// of HTTP and RTSP Digest). The stored access policy decides who may READ_MEDIA. A replay session reuses its nonce for SETUP, PLAY and keep-alives,
/// so RTSP nonces live for an hour. Refused credentials (not a stale nonce) count towards the authentication failure
/// warning of the client's address, as SOAP ones do.
/// </summary>
public sealed class RtspDigestAuthenticator : IRtspAuthenticator
{
    public static readonly TimeSpan NonceLifetime = TimeSpan.FromHours(1);

    private readonly ControlPlane _control;
    private readonly PasswordVault _vault;
    private readonly HttpDigestAuthenticator _digest;
    private readonly ApplianceMetrics? _metrics;
    private readonly AuthFailureMonitor? _failures;

    public RtspDigestAuthenticator(ControlPlane control, PasswordVault vault, AuthenticationOptions options, ApplianceMetrics? metrics = null, AuthFailureMonitor? failures = null)
    {
        _failures = failures;
        _control = control;
        _vault = vault;
        _digest = new HttpDigestAuthenticator(control.Time, options.Realm, ["MD5"], NonceLifetime);
        _metrics = metrics;
    }

    public async ValueTask<RtspAuthenticationResult> AuthenticateAsync(string method, string uri, string? authorization, RtspPeer peer, CancellationToken cancellationToken)
    {
        DigestCredentials? credentials;
        try
        {
            credentials = DigestCredentials.Parse(authorization);
        }
        catch (FormatException)
        {
            credentials = null; // malformed: answered like none, with a fresh challenge
        }

        var settings = (DeviceSettings)await _control.AskDeviceAsync(GetDeviceSettings.Instance, cancellationToken).ConfigureAwait(false);
        var algorithms = settings.DigestAlgorithms ?? _digest.Algorithms;
        var policy = AccessPolicyDocument.Of(settings);
        if (credentials is null)
        {
            return policy.Permits(null, AccessClass.ReadMedia)
                ? RtspAuthenticationResult.Allow
                : RtspAuthenticationResult.Challenge([.. _digest.Challenges(stale: false, algorithms)]);
        }

        string? PasswordOf(string name) => settings.Users.FirstOrDefault(u => u.Username == name) is { } user ? _vault.Open(user.SealedPassword) : null;
        var outcome = _digest.Verify(credentials, method, uri, PasswordOf, acceptWithoutQop: true, algorithms);
        if (outcome.Username is { } username && policy.Permits(settings.Users.FirstOrDefault(u => u.Username == username)?.Level, AccessClass.ReadMedia))
        {
            return RtspAuthenticationResult.Allow;
        }

        _metrics?.AuthFailures.WithLabels("rtsp").Inc();
        if (!outcome.IsStale && peer.Client is { } client)
        {
            _failures?.Failed(settings.AuthFailureWarning, client, peer.Local); // a stale nonce is the normal re-challenge, not a guess
        }

        return RtspAuthenticationResult.Challenge([.. _digest.Challenges(stale: outcome.IsStale, algorithms)]);
    }
}
