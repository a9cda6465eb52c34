using Nvr.Control.Device;
using Nvr.Pipeline.Rtsp;

namespace Nvr.Protocol.Security;

/// <summary>
/// The remote user in clear for the data path: what receivers without credentials in their MediaUri log in to cameras
/// with. Filled from the device settings at start and replaced by SetRemoteUser once the actor persisted it; the
/// engine reads <see cref="Current"/> at every connect. The password never leaves the process.
/// </summary>
public sealed class RemoteUserCredentials
{
    private volatile RtspCredentials? _current;

    public RtspCredentials? Current => _current;

    /// <summary>Takes the stored remote user (null: none), opening its sealed password with <paramref name="vault"/>.</summary>
    public void Load(RemoteUser? user, PasswordVault vault) =>
        _current = user is null ? null : new RtspCredentials(user.Username, user.SealedPassword is { } sealedPassword ? vault.Open(sealedPassword) ?? string.Empty : string.Empty);
}
