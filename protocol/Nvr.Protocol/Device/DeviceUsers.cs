using System.Xml.Linq;
using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>
/// GetUsers, CreateUsers, DeleteUsers and SetUser of the device service over the device settings actor (which keeps
/// the last administrator and persists); every password set obeys the password complexity rules. Passwords are sealed with the data directory's key before they reach the
/// actor and are never returned: GetUsers lists names and levels only. Faults as Core names them.
/// </summary>
public sealed class DeviceUsers
{
    private static readonly XNamespace Tds = DeviceService.Tds;
    private static readonly XNamespace Tt = DeviceService.Tt;
    private readonly ControlPlane _control;
    private readonly PasswordVault _vault;

    public DeviceUsers(ControlPlane control, PasswordVault vault)
    {
        _control = control;
        _vault = vault;
    }

    public async Task<XElement> GetUsersAsync()
    {
        var settings = (DeviceSettings)await _control.AskDeviceAsync(GetDeviceSettings.Instance);
        return new XElement(Tds + "GetUsersResponse", settings.Users.OrderBy(u => u.Username, StringComparer.Ordinal).Select(u =>
            new XElement(Tds + "User", new XElement(Tt + "Username", u.Username), new XElement(Tt + "UserLevel", u.Level.ToString()))));
    }

    public async Task<XElement> CreateUsersAsync(XElement request)
    {
        var rules = await RulesAsync();
        var users = Users(request).Select(u =>
        {
            var password = u.Password ?? throw Prohibited("PasswordTooWeak", $"user '{u.Username}' needs a password");
            DevicePasswordComplexity.Check(rules, u.Username, password);
            return new StoredUser(u.Username, u.Level, _vault.Seal(password));
        }).ToList();
        await AskAsync(new CreateUsers(users));
        return new XElement(Tds + "CreateUsersResponse");
    }

    public async Task<XElement> DeleteUsersAsync(XElement request)
    {
        var names = request.Elements(Tds + "Username").Select(e => e.Value).ToList();
        if (names.Count == 0)
        {
            throw OnvifFaults.InvalidArgs("DeleteUsers needs one or more Username");
        }

        await AskAsync(new DeleteUsers(names));
        return new XElement(Tds + "DeleteUsersResponse");
    }

    public async Task<XElement> SetUserAsync(XElement request)
    {
        // Core: an omitted password clears it; this device does not accept an empty password (PasswordTooWeak).
        var settings = (DeviceSettings)await _control.AskDeviceAsync(GetDeviceSettings.Instance);
        var retired = new Dictionary<string, string>(StringComparer.Ordinal);
        var users = Users(request).Select(u =>
        {
            var password = u.Password ?? throw Prohibited("PasswordTooWeak", $"user '{u.Username}' would have no password");
            DevicePasswordComplexity.Check(settings.PasswordComplexity, u.Username, password);
            if (settings.Users.FirstOrDefault(s => s.Username == u.Username) is { } existing)
            {
                var current = _vault.Open(existing.SealedPassword);
                CheckHistory(settings.PasswordHistory, existing, current, password);
                if (current is not null && current != password)
                {
                    retired[u.Username] = PasswordHistoryHash.Of(current);
                }
            }

            return (u.Username, u.Level, (string?)_vault.Seal(password));
        }).ToList();
        await AskAsync(new SetUsers(users, retired));
        return new XElement(Tds + "SetUserResponse");
    }

    /// <summary>
    /// Password history (Core security policies): while enabled, the new password may be none of the user's last
    /// Length passwords, the current one included. Refused with PasswordTooWeak, the SetUser fault for a password
    /// the device does not accept.
    /// </summary>
    private static void CheckHistory(PasswordHistoryPolicy policy, StoredUser user, string? current, string password)
    {
        if (!policy.Enabled)
        {
            return;
        }

        if (password == current || (user.PasswordHistory ?? []).Take(policy.Length - 1).Any(h => PasswordHistoryHash.Matches(h, password)))
        {
            throw Prohibited("PasswordTooWeak", $"user '{user.Username}': the password is one of the last {policy.Length} passwords and cannot be used again");
        }
    }

    private async Task<PasswordComplexity> RulesAsync() => ((DeviceSettings)await _control.AskDeviceAsync(GetDeviceSettings.Instance)).PasswordComplexity;

    private static List<(string Username, UserLevel Level, string? Password)> Users(XElement request)
    {
        var users = request.Elements(Tds + "User").Select(Read).ToList();
        if (users.Count == 0)
        {
            throw OnvifFaults.InvalidArgs($"{request.Name.LocalName} needs one or more User");
        }

        var clash = users.GroupBy(u => u.Username, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return clash is null ? users : throw Prohibited("UsernameClash", $"user '{clash.Key}' is named twice");
    }

    private static (string Username, UserLevel Level, string? Password) Read(XElement user)
    {
        var name = user.Element(Tt + "Username")?.Value ?? throw OnvifFaults.InvalidArgs("a User needs a Username");
        switch (DeviceUserRules.UsernameProblem(name))
        {
            case "InvalidCharacters":
                throw OnvifFaults.InvalidArgs("the user name holds control characters, quotes or backslashes");
            case { } problem:
                throw Prohibited(problem, $"user names have 1 to {DeviceUserRules.MaxUserNameLength} characters");
        }

        var password = user.Element(Tt + "Password")?.Value;
        if (password is not null && DeviceUserRules.PasswordProblem(password) is { } weak)
        {
            throw Prohibited(weak, $"passwords have {DeviceUserRules.MinPasswordLength} to {DeviceUserRules.MaxPasswordLength} characters");
        }

        var level = user.Element(Tt + "UserLevel")?.Value.Trim() switch
        {
            "Administrator" => UserLevel.Administrator,
            "Operator" => UserLevel.Operator,
            "User" => UserLevel.User,
            "Anonymous" => throw Prohibited("AnonymousNotAllowed", "users cannot be added to the Anonymous level"),
            var other => throw OnvifFaults.InvalidArgs($"'{other}' is not a user level"),
        };
        return (name, level, password);
    }

    private async Task AskAsync(object command)
    {
        switch (await _control.AskDeviceAsync(command))
        {
            case DeviceSettingsChanged:
                return;
            case DeviceCommandRejected { Fault: DeviceFault.UsernameClash } r:
                throw Prohibited("UsernameClash", r.Reason);
            case DeviceCommandRejected { Fault: DeviceFault.UsernameMissing } r:
                throw OnvifFaults.InvalidArgVal("UsernameMissing", r.Reason);
            case DeviceCommandRejected { Fault: DeviceFault.FixedUser } r:
                throw OnvifFaults.InvalidArgVal("FixedUser", r.Reason);
            case DeviceCommandRejected { Fault: DeviceFault.TooManyUsers } r:
                throw OnvifFaults.Action("TooManyUsers", r.Reason);
            case DeviceCommandRejected r:
                throw OnvifFaults.Action(r.Fault.ToString(), r.Reason);
            case var other:
                throw new InvalidOperationException($"unexpected reply {other.GetType().Name}");
        }
    }

    private static OnvifFaultException Prohibited(string subcode, string reason) => new("Sender", ["OperationProhibited", subcode], reason);
}
