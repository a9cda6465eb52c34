using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nvr.Control;
using Nvr.Control.Device;

namespace Nvr.Protocol.Security;

/// <summary>
/// The one authentication and authorisation decision of every ONVIF service: the request's credentials (HTTP Digest
/// first, then a WS-Security UsernameToken, as Core orders them) give a user level (none: Anonymous), and the access
/// policy (Core's default until SetAccessPolicy stored another) decides whether that level may call the operation's
/// access class. Digest offers and accepts the algorithms SetHashingAlgorithm chose (else the configured ones). An operation without an
/// access class is refused (fail closed). PRE_AUTH operations are answered without looking at credentials, so a
/// client with a skewed clock can still read GetSystemDateAndTime.
/// </summary>
public sealed class OnvifAuthenticator
{
    private readonly ControlPlane _control;
    private readonly PasswordVault _vault;
    private readonly UsernameTokenVerifier _tokens;
    private readonly FailureThrottle _throttle;
    private readonly AuthFailureMonitor _monitor;
    private readonly ILogger<OnvifAuthenticator> _logger;
    private readonly Nvr.Protocol.Operations.ApplianceMetrics? _metrics;

    public OnvifAuthenticator(ControlPlane control, PasswordVault vault, AuthenticationOptions options, AuthFailureMonitor monitor, ILogger<OnvifAuthenticator> logger,
        Nvr.Protocol.Operations.ApplianceMetrics? metrics = null)
    {
        _monitor = monitor;
        _metrics = metrics;
        _control = control;
        _vault = vault;
        _tokens = new UsernameTokenVerifier(control.Time, options.CreatedWindow, options.NonceCacheCapacity);
        Digest = new HttpDigestAuthenticator(control.Time, options.Realm, options.DigestAlgorithms, options.DigestNonceLifetime);
        _throttle = new FailureThrottle(control.Time);
        _logger = logger;
    }

    public HttpDigestAuthenticator Digest { get; }

    /// <summary>Failures counted per address, and the backoff they cause.</summary>
    public FailureThrottle Throttle => _throttle;

    public TimeProvider Time => _control.Time;

    public async Task<AuthDecision> DecideAsync(HttpRequest request, XElement? header, string service, string operation, AccessClass? access)
    {
        if (access is null)
        {
            _logger.LogWarning("refused {Service} {Operation}: the operation has no access class", service, operation);
            return AuthDecision.Refuse($"'{operation}' has no access class on {service}", challenge: false);
        }

        if (access == AccessClass.PreAuth)
        {
            return AuthDecision.Allow(null);
        }

        var settings = (DeviceSettings)await _control.AskDeviceAsync(GetDeviceSettings.Instance, request.HttpContext.RequestAborted);
        var algorithms = settings.DigestAlgorithms ?? Digest.Algorithms;
        var decision = Decide(request, header, service, operation, access.Value, settings, algorithms);
        return decision.WithChallenge ? decision with { Challenges = Digest.Challenges(decision.IsStale, algorithms) } : decision;
    }

    /// <summary>The decision on a request that needs the settings: its credentials, then the stored access policy.</summary>
    private AuthDecision Decide(HttpRequest request, XElement? header, string service, string operation, AccessClass access,
        DeviceSettings settings, IReadOnlyList<string> algorithms)
    {
        string? PasswordOf(string name) => settings.Users.FirstOrDefault(u => u.Username == name) is { } user ? _vault.Open(user.SealedPassword) : null;
        UserLevel? LevelOf(string name) => settings.Users.FirstOrDefault(u => u.Username == name)?.Level;

        string? username = null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            DigestCredentials? credentials;
            try
            {
                credentials = DigestCredentials.Parse(authorization);
            }
            catch (FormatException e)
            {
                return Failed(settings, request, service, operation, null, e.Message, challenge: true);
            }

            if (credentials is null)
            {
                return Failed(settings, request, service, operation, null, "only HTTP Digest is accepted", challenge: true);
            }

            var outcome = Digest.Verify(credentials, request.Method, request.Path.Value + request.QueryString.Value, PasswordOf, algorithms: algorithms);
            if (outcome.IsStale)
            {
                // the client proved the password over a nonce no longer accepted: a fresh one, no failure counted
                _logger.LogDebug("{Service} {Operation} from {Address} (user {User}): {Reason}; answered stale=true", service, operation,
                    AddressOf(request), credentials["username"], outcome.Reason);
                return AuthDecision.Stale();
            }

            if (outcome.Username is null)
            {
                return Failed(settings, request, service, operation, credentials["username"], outcome.Reason!, challenge: true);
            }

            username = outcome.Username;
        }

        UsernameToken? token;
        try
        {
            token = UsernameToken.From(header);
        }
        catch (FormatException e)
        {
            return Failed(settings, request, service, operation, null, e.Message, challenge: false);
        }

        if (token is not null)
        {
            var password = PasswordOf(token.Username);
            var reason = password is null ? "no such user" : _tokens.Verify(token, password, request.IsHttps);
            if (reason is not null)
            {
                return Failed(settings, request, service, operation, token.Username, reason, challenge: false);
            }

            username = token.Username;
        }

        var policy = AccessPolicyDocument.Of(settings);
        if (username is null)
        {
            return policy.Permits(null, access) ? AuthDecision.Allow(null) : AuthDecision.Challenge();
        }

        var address = AddressOf(request);
        _throttle.Succeeded(address);
        var level = LevelOf(username);
        if (!policy.Permits(level, access))
        {
            _logger.LogInformation("refused {Service} {Operation} to {User} ({Level}): access class {Access}", service, operation, username, level, access);
            return AuthDecision.Refuse($"user level {level} may not call {operation} ({access})", challenge: false);
        }

        return AuthDecision.Allow(level);
    }

    private AuthDecision Failed(DeviceSettings settings, HttpRequest request, string service, string operation, string? username, string reason, bool challenge)
    {
        var address = AddressOf(request);
        var delay = _throttle.Failed(address);
        _monitor.Failed(settings.AuthFailureWarning, address, request.HttpContext.Connection.LocalIpAddress);
        _metrics?.AuthFailures.WithLabels(challenge ? "digest" : "wsse").Inc(); // Digest refusals challenge; UsernameToken ones don't
        _logger.LogInformation(
            "authentication failed for {Service} {Operation} from {Address} (user {User}): {Reason}; {Failures} failures, waiting {Delay}",
            service, operation, address, username ?? "-", reason, _throttle.FailuresOf(address), delay);
        return AuthDecision.Refuse("the credentials were not accepted", challenge) with { Delay = delay };
    }

    private static IPAddress AddressOf(HttpRequest request) => request.HttpContext.Connection.RemoteIpAddress ?? IPAddress.None;
}

/// <summary>
/// The authentication outcome: allowed (with the caller's level, null for Anonymous on PRE_AUTH), a challenge (no
/// credentials: HTTP 401), stale (HTTP 401 with stale=true) or refused (ter:NotAuthorized; with a Digest challenge when
/// the refused credentials were HTTP Digest). <see cref="Delay"/> is the backoff to wait before answering.
/// </summary>
public sealed record AuthDecision(bool Allowed, UserLevel? Level, bool WithChallenge, bool IsStale, string? Reason)
{
    public TimeSpan Delay { get; init; }

    /// <summary>The WWW-Authenticate values to send with a challenge: one per Digest algorithm offered.</summary>
    public IReadOnlyList<string> Challenges { get; init; } = [];

    public static AuthDecision Allow(UserLevel? level) => new(true, level, false, false, null);

    public static AuthDecision Challenge() => new(false, null, true, false, "the operation requires authentication");

    public static AuthDecision Stale() => new(false, null, true, true, "the Digest nonce is stale");

    public static AuthDecision Refuse(string reason, bool challenge) => new(false, null, challenge, false, reason);
}
