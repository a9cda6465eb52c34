using Nvr.Protocol.Security;

namespace Nvr.Fuzzing.Targets;

/// <summary>
/// The wsse:Security header of a request: UsernameToken read and verified against a known password.
/// Documented rejections: <see cref="FormatException"/> from <see cref="UsernameToken.From"/> (malformed token) and a
/// non-null reason from <see cref="UsernameTokenVerifier.Verify"/>.
/// </summary>
public sealed class UsernameTokenTarget : FuzzTarget
{
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public override string Name => "ws-username-token";

    public override string Description => "UsernameToken.From on the envelope header, then UsernameTokenVerifier.Verify; FormatException or a refusal reason are the rejection";

    public override int SmokeExecutions => 10_000;

    public override void Run(ReadOnlySpan<byte> input)
    {
        var header = EnvelopeReader.Header(input);
        UsernameToken? token;
        try
        {
            token = UsernameToken.From(header);
        }
        catch (FormatException)
        {
            return;
        }

        if (token is null)
        {
            return;
        }

        var verifier = new UsernameTokenVerifier(Clock, TimeSpan.FromMinutes(5));
        _ = verifier.Verify(token, "secret", overTls: false);
        _ = verifier.Verify(token, "secret", overTls: true);
    }
}

/// <summary>
/// An <c>Authorization: Digest …</c> header (SOAP over HTTP and RTSP) parsed and verified. The text <c>@nonce@</c> in
/// the input is replaced by a nonce the authenticator just issued, so the fuzzer reaches the checks behind the nonce.
/// Documented rejections: <see cref="FormatException"/> or null from Parse, a refused or stale outcome from Verify.
/// </summary>
public sealed class HttpDigestTarget : FuzzTarget
{
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public override string Name => "http-digest";

    public override string Description => "DigestCredentials.Parse and HttpDigestAuthenticator.Verify (qop=auth and RFC 2069); FormatException/null/refusal are the rejection";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var reader = new FuzzInput(input);
        var flags = reader.Byte();
        var digest = new HttpDigestAuthenticator(Clock, "nvr", (flags & 1) == 0 ? ["MD5", "SHA-256"] : ["SHA-256"], TimeSpan.FromMinutes(5), capacity: 8);
        var challenge = digest.Challenges(stale: false)[0];
        var start = challenge.IndexOf("nonce=\"", StringComparison.Ordinal) + 7;
        var nonce = challenge[start..challenge.IndexOf('"', start)];
        var header = FuzzInput.Latin1(reader.Rest).Replace("@nonce@", nonce, StringComparison.Ordinal);
        DigestCredentials? credentials;
        try
        {
            credentials = DigestCredentials.Parse(header);
        }
        catch (FormatException)
        {
            return;
        }

        if (credentials is null)
        {
            return;
        }

        for (var i = 0; i < 2; i++)
        {
            var outcome = digest.Verify(credentials, "POST", "/onvif/device_service", name => name == "admin" ? "secret" : null, acceptWithoutQop: (flags & 2) != 0);
            if ((outcome.Username is null) == (outcome.Reason is null))
            {
                throw new InvalidOperationException("a Digest outcome must be accepted or refused with a reason");
            }
        }
    }
}

/// <summary>
/// The access policy file of SetAccessPolicy (docs/access-policy.md), parsed as the device parses it; a file it
/// accepts must render to a file that parses to the same grants. Documented rejection: <see cref="FormatException"/>.
/// </summary>
public sealed class AccessPolicyTarget : FuzzTarget
{
    public override string Name => "access-policy";

    public override string Description => "AccessPolicyDocument.Parse, then Render and Parse again (same grants); FormatException is the rejection";

    public override int SmokeExecutions => 10_000;

    public override void Run(ReadOnlySpan<byte> input)
    {
        AccessPolicy policy;
        try
        {
            policy = AccessPolicyDocument.Parse(input.ToArray());
        }
        catch (FormatException)
        {
            return;
        }

        var again = AccessPolicyDocument.Parse(AccessPolicyDocument.Render(policy));
        foreach (var (access, levels) in policy.Grants)
        {
            if (!again.Grants[access].SetEquals(levels))
            {
                throw new InvalidOperationException($"{access}: the rendered policy grants other levels");
            }
        }
    }
}
