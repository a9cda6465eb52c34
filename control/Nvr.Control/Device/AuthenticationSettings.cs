namespace Nvr.Control.Device;

/// <summary>
/// Persisted: SetHashingAlgorithm replaced the HTTP and RTSP Digest algorithms offered, in order of preference (names
/// as RFC 7616 spells them, "MD5" and/or "SHA-256"; the protocol layer validates them).
/// </summary>
public sealed record DigestAlgorithmsConfigured(IReadOnlyList<string> Algorithms) : IDeviceEvent;

/// <summary>
/// Persisted: SetAccessPolicy replaced the access policy file (kept byte for byte, so GetAccessPolicy returns what was
/// set; the protocol layer parsed it before, see docs/access-policy.md).
/// </summary>
public sealed record AccessPolicyConfigured(byte[] Document) : IDeviceEvent;

/// <summary>Persisted: SetReplayConfiguration chose the replay service's SessionTimeout (applied to new RTSP sessions).</summary>
public sealed record ReplaySessionTimeoutConfigured(TimeSpan SessionTimeout) : IDeviceEvent;

/// <summary>Replaces the replay SessionTimeout (the protocol layer checked it against SessionTimeoutRange).</summary>
public sealed record SetReplaySessionTimeout(TimeSpan SessionTimeout);

/// <summary>Replaces the Digest algorithms offered.</summary>
public sealed record SetDigestAlgorithms(IReadOnlyList<string> Algorithms);

/// <summary>Replaces the access policy file.</summary>
public sealed record SetAccessPolicyDocument(byte[] Document);
