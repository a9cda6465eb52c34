using Nvr.Control.Device;

namespace Nvr.Protocol.WebConsole;

/// <summary>A user logged in to the console. Every level may view (READ_MEDIA); Operator and Administrator may change.</summary>
public sealed record ConsoleUser(string Name, UserLevel Level)
{
    /// <summary>ACTUATE / WRITE_SYSTEM: add, enable, disable and delete cameras.</summary>
    public bool MayChange => Level is UserLevel.Administrator or UserLevel.Operator;
}

/// <summary>The password check behind the console's login; the appliance's users by default.</summary>
public interface IConsoleCredentialCheck
{
    /// <summary>The user when <paramref name="password"/> is theirs; null otherwise (unknown user or wrong password alike).</summary>
    Task<ConsoleUser?> CheckAsync(string user, string password, CancellationToken cancellationToken);
}
