namespace Nvr.Protocol.Security;

/// <summary>How requests are authenticated (see docs/protocol.md, "Authentication").</summary>
public sealed record AuthenticationOptions
{
    /// <summary>The HTTP Digest realm.</summary>
    public string Realm { get; init; } = "ONVIF NVR";

    /// <summary>Digest algorithms offered, one challenge each, in order of preference (MD5 and/or SHA-256).</summary>
    public IReadOnlyList<string> DigestAlgorithms { get; init; } = ["SHA-256", "MD5"];

    /// <summary>How long an issued Digest nonce is accepted (then the client gets stale=true and retries).</summary>
    public TimeSpan DigestNonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far a UsernameToken's Created may be from the device clock, either way.</summary>
    public TimeSpan CreatedWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Bound of the UsernameToken nonce replay cache.</summary>
    public int NonceCacheCapacity { get; init; } = 16_384;

    public static AuthenticationOptions Default { get; } = new();
}
