namespace Nvr.Control.Device;

/// <summary>
/// The password history policy of Core: while <see cref="Enabled"/>, a user may not take again any of their last
/// <see cref="Length"/> passwords (the current one included).
/// </summary>
public sealed record PasswordHistoryPolicy(bool Enabled, int Length)
{
    /// <summary>How many retired passwords are remembered per user (capability MaxPasswordHistory).</summary>
    public const int MaxLength = 10;

    public static PasswordHistoryPolicy Default { get; } = new(false, 5);
}

/// <summary>
/// The authentication failure warning of Core: while <see cref="Enabled"/>, more than <see cref="MaxAuthFailures"/>
/// failures from one address within <see cref="MonitorPeriod"/> of its first failure raise
/// tns1:Device/SecurityPolicy/AuthFailed.
/// </summary>
public sealed record AuthFailureWarningPolicy(bool Enabled, TimeSpan MonitorPeriod, int MaxAuthFailures)
{
    public static readonly TimeSpan MinMonitorPeriod = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxMonitorPeriod = TimeSpan.FromHours(1);
    public const int MinAuthFailures = 1;
    public const int MaxAuthFailuresLimit = 1000;

    /// <summary>On by default: five failures a minute are tolerated, the sixth is reported.</summary>
    public static AuthFailureWarningPolicy Default { get; } = new(true, TimeSpan.FromMinutes(1), 5);
}

/// <summary>Persisted: SetPasswordHistoryConfiguration replaced the password history policy.</summary>
public sealed record PasswordHistoryConfigured(PasswordHistoryPolicy Policy) : IDeviceEvent;

/// <summary>Persisted: SetAuthFailureWarningConfiguration replaced the authentication failure warning policy.</summary>
public sealed record AuthFailureWarningConfigured(AuthFailureWarningPolicy Policy) : IDeviceEvent;

/// <summary>Replaces the password history policy (the protocol layer checked its range).</summary>
public sealed record SetPasswordHistory(PasswordHistoryPolicy Policy);

/// <summary>Replaces the authentication failure warning policy (the protocol layer checked its ranges).</summary>
public sealed record SetAuthFailureWarning(AuthFailureWarningPolicy Policy);

/// <summary>
/// The remote user of Core (SetRemoteUser): the account the device uses towards other devices, here the cameras its
/// receivers connect to when their MediaUri carries no credentials. The password only sealed, as for users.
/// </summary>
public sealed record RemoteUser(string Username, string? SealedPassword);

/// <summary>Persisted: SetRemoteUser set (or, with null, removed) the remote user.</summary>
public sealed record RemoteUserConfigured(RemoteUser? User) : IDeviceEvent;

/// <summary>Sets or (null) removes the remote user.</summary>
public sealed record SetRemoteUser(RemoteUser? User);
