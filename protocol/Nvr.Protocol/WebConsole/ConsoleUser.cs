using Nvr.Control.Device;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// A user logged in to the console. What the level may do is the device's access policy's answer: READ_MEDIA to view,
/// ACTUATE to add, enable, disable and delete cameras (ConsoleEndpoints).
/// </summary>
public sealed record ConsoleUser(string Name, UserLevel Level);

/// <summary>The password check behind the console's login; the appliance's users by default.</summary>
public interface IConsoleCredentialCheck
{
    /// <summary>The user when <paramref name="password"/> is theirs; null otherwise (unknown user or wrong password alike).</summary>
    Task<ConsoleUser?> CheckAsync(string user, string password, CancellationToken cancellationToken);
}
