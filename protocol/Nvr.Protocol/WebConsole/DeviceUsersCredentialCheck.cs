using System.Security.Cryptography;
using System.Text;
using Nvr.Control;
using Nvr.Control.Device;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// Checks console logins against the appliance's users (the device settings actor, as the device service stores
/// them): the stored password is opened with <paramref name="unseal"/> (the protocol layer's sealing with the data
/// directory's key) and compared in constant time. Without an unseal function nobody can log in.
/// </summary>
public sealed class DeviceUsersCredentialCheck(ControlPlane control, Func<string, string?>? unseal) : IConsoleCredentialCheck
{
    public async Task<ConsoleUser?> CheckAsync(string user, string password, CancellationToken cancellationToken)
    {
        if (unseal is null || await control.AskDeviceAsync(GetDeviceSettings.Instance, cancellationToken) is not DeviceSettings settings)
        {
            return null;
        }

        var stored = settings.Users.FirstOrDefault(u => string.Equals(u.Username, user, StringComparison.Ordinal));
        if (stored is null || unseal(stored.SealedPassword) is not { } clear)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(clear), Encoding.UTF8.GetBytes(password))
            ? new ConsoleUser(stored.Username, stored.Level)
            : null;
    }
}
