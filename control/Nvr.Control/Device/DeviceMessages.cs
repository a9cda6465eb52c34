namespace Nvr.Control.Device;

/// <summary>Marker for the events the device settings actor persists (stable manifests in ControlEventSerializer).</summary>
public interface IDeviceEvent;

/// <summary>ONVIF user levels that can be stored (Anonymous is never a stored user).</summary>
public enum UserLevel
{
    Administrator,
    Operator,
    User,
}

/// <summary>
/// A user as stored: the password only in sealed (encrypted) form; the protocol layer seals and opens it with the
/// key of the data directory, so neither the journal nor a log ever holds it in clear.
/// </summary>
/// <param name="PasswordHistory">Salted hashes of the user's earlier passwords, newest first (at most
/// <see cref="PasswordHistoryPolicy.MaxLength"/>; never a password itself); null: none.</param>
public sealed record StoredUser(string Username, UserLevel Level, string SealedPassword, IReadOnlyList<string>? PasswordHistory = null);

/// <summary>Persisted: a user was created or changed (with the hashes of their earlier passwords).</summary>
public sealed record UserSaved(string Username, UserLevel Level, string SealedPassword, IReadOnlyList<string>? PasswordHistory = null) : IDeviceEvent;

/// <summary>Persisted: a user was deleted.</summary>
public sealed record UserDeleted(string Username) : IDeviceEvent;

/// <summary>Persisted: the configurable scopes were replaced (the fixed scopes are not stored).</summary>
public sealed record ScopesConfigured(IReadOnlyList<string> Scopes) : IDeviceEvent;

/// <summary>Persisted: the WS-Discovery mode changed ("Discoverable" or "NonDiscoverable").</summary>
public sealed record DiscoveryModeChanged(string Mode) : IDeviceEvent;

/// <summary>
/// The device settings the protocol layer serves: users, configurable scopes (null: defaults), discovery mode, the
/// password complexity rules, the Digest algorithms and the access policy file (both null until set: the defaults).
/// </summary>
public sealed record DeviceSettings(IReadOnlyList<StoredUser> Users, IReadOnlyList<string>? ConfigurableScopes, string DiscoveryMode)
{
    public static DeviceSettings Empty { get; } = new([], null, "Discoverable");

    public PasswordComplexity PasswordComplexity { get; init; } = PasswordComplexity.None;

    /// <summary>The Digest algorithms SetHashingAlgorithm chose, in order of preference; null: the configured default.</summary>
    public IReadOnlyList<string>? DigestAlgorithms { get; init; }

    /// <summary>The access policy file SetAccessPolicy stored; null: Core's default access policy.</summary>
    public byte[]? AccessPolicyDocument { get; init; }

    /// <summary>The replay SessionTimeout SetReplayConfiguration stored; null: the RTSP server's configured default.</summary>
    public TimeSpan? ReplaySessionTimeout { get; init; }

    public PasswordHistoryPolicy PasswordHistory { get; init; } = PasswordHistoryPolicy.Default;

    public AuthFailureWarningPolicy AuthFailureWarning { get; init; } = AuthFailureWarningPolicy.Default;

    /// <summary>The remote user SetRemoteUser stored; null: none.</summary>
    public RemoteUser? RemoteUser { get; init; }
}

/// <summary>Reads the current settings; the reply is a <see cref="DeviceSettings"/>.</summary>
public sealed record GetDeviceSettings
{
    public static GetDeviceSettings Instance { get; } = new();
}

/// <summary>Creates users (all or none).</summary>
public sealed record CreateUsers(IReadOnlyList<StoredUser> Users);

/// <summary>Deletes users by name (all or none).</summary>
public sealed record DeleteUsers(IReadOnlyList<string> Usernames);

/// <summary>
/// Changes existing users (all or none); a null sealed password keeps the stored one. <paramref name="RetiredPasswords"/>
/// maps a user whose password changes to the salted hash of the password it replaces (kept in their history).
/// </summary>
public sealed record SetUsers(
    IReadOnlyList<(string Username, UserLevel Level, string? SealedPassword)> Users,
    IReadOnlyDictionary<string, string>? RetiredPasswords = null);

/// <summary>Replaces the configurable scopes.</summary>
public sealed record SetScopes(IReadOnlyList<string> Scopes);

/// <summary>Adds configurable scopes.</summary>
public sealed record AddScopes(IReadOnlyList<string> Scopes);

/// <summary>Removes configurable scopes; the reply lists what was removed.</summary>
public sealed record RemoveScopes(IReadOnlyList<string> Scopes);

/// <summary>Sets the WS-Discovery mode.</summary>
public sealed record SetDiscoveryMode(string Mode);

/// <summary>Why a device command was refused (the protocol maps each to the Core fault).</summary>
public enum DeviceFault
{
    UsernameClash,
    UsernameMissing,
    FixedUser,
    TooManyUsers,
    TooManyScopes,
    NoScope,
}

/// <summary>Reply to a refused device command; nothing changed.</summary>
public sealed record DeviceCommandRejected(DeviceFault Fault, string Reason);

/// <summary>Reply to an accepted device command: the settings after it (and, for RemoveScopes, what was removed).</summary>
public sealed record DeviceSettingsChanged(DeviceSettings Settings, IReadOnlyList<string> Removed);
