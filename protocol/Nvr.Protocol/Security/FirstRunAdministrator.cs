using System.Security.Cryptography;
using Nvr.Control;
using Nvr.Control.Device;

namespace Nvr.Protocol.Security;

/// <summary>
/// The appliance never ships a default password: when the user store is empty at start, the administrator is created
/// with the given password or, without one, a random password that is written to
/// <c>DATA/initial-admin-password</c> (mode 0600) and reported once to the caller (who prints it). Once users exist,
/// the options are ignored.
/// </summary>
public static class FirstRunAdministrator
{
    public const string InitialPasswordFile = "initial-admin-password";

    /// <summary>What happened at start: the administrator's name, and the password when it was generated now.</summary>
    public sealed record Outcome(string Username, bool Created, string? GeneratedPassword);

    public static async Task<Outcome> EnsureAsync(ControlPlane control, PasswordVault vault, string dataDirectory, string username, string? password)
    {
        var settings = (DeviceSettings)await control.AskDeviceAsync(GetDeviceSettings.Instance);
        if (settings.Users.Count > 0)
        {
            var admin = settings.Users.FirstOrDefault(u => u.Level == UserLevel.Administrator) ?? settings.Users[0];
            return new Outcome(admin.Username, false, null);
        }

        if (DeviceUserRules.UsernameProblem(username) is { } problem)
        {
            throw new ArgumentException($"--admin-user: {problem}");
        }

        string? generated = null;
        if (string.IsNullOrEmpty(password))
        {
            generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '.').Replace('/', '_'); // never starts with '-'
            password = generated;
            var file = Path.Combine(dataDirectory, InitialPasswordFile);
            File.Delete(file);
            SecretFile.WriteNew(file, generated + "\n");
        }
        else if (DeviceUserRules.PasswordProblem(password) is { } weak)
        {
            throw new ArgumentException($"--admin-password: {weak}");
        }

        var reply = await control.AskDeviceAsync(new CreateUsers([new StoredUser(username, UserLevel.Administrator, vault.Seal(password))]));
        return reply is DeviceSettingsChanged
            ? new Outcome(username, true, generated)
            : throw new InvalidOperationException($"the administrator could not be created: {(reply as DeviceCommandRejected)?.Reason}");
    }
}

/// <summary>The appliance's limits on user names and passwords (announced in the device's security capabilities).</summary>
public static class DeviceUserRules
{
    public const int MaxUserNameLength = 32;
    public const int MaxPasswordLength = 64;
    public const int MinPasswordLength = 1;

    /// <summary>Null when the name can be stored; else which Core fault applies ("UsernameTooShort", "UsernameTooLong", "InvalidCharacters").</summary>
    public static string? UsernameProblem(string username) =>
        username.Length == 0 ? "UsernameTooShort"
        : username.Length > MaxUserNameLength ? "UsernameTooLong"
        : username.Any(c => char.IsControl(c) || c == '"' || c == '\\') ? "InvalidCharacters"
        : null;

    /// <summary>Null when the password can be stored; else the Core fault ("PasswordTooLong"/"PasswordTooWeak").</summary>
    public static string? PasswordProblem(string password) =>
        password.Length > MaxPasswordLength ? "PasswordTooLong"
        : password.Length < MinPasswordLength ? "PasswordTooWeak"
        : null;
}
