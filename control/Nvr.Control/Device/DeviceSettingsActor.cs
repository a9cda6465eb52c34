using Akka.Actor;
using Akka.Persistence;

namespace Nvr.Control.Device;

/// <summary>
/// Owns the device settings of the ONVIF device service: users (sealed passwords), configurable scopes, the
/// discovery mode, the password complexity rules, the Digest algorithms, the access policy file, the replay SessionTimeout, the password history and
/// authentication failure warning policies. Every command is validated first, persisted, and answered only after the journal confirmed it,
/// so an acknowledged change survives kill -9. The last administrator can be neither deleted nor demoted.
/// </summary>
public sealed class DeviceSettingsActor : ReceivePersistentActor
{
    public const int MaxUsers = 32;
    public const int MaxScopes = 32;

    private DeviceSettings _settings = DeviceSettings.Empty;

    public DeviceSettingsActor(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<IDeviceEvent>(Apply);
        Command<GetDeviceSettings>(_ => Sender.Tell(_settings));
        Command<CreateUsers>(OnCreateUsers);
        Command<DeleteUsers>(OnDeleteUsers);
        Command<SetUsers>(OnSetUsers);
        Command<SetScopes>(m => PersistAndReply([new ScopesConfigured(Distinct(m.Scopes))], []));
        Command<AddScopes>(OnAddScopes);
        Command<RemoveScopes>(OnRemoveScopes);
        Command<SetDiscoveryMode>(m => PersistAndReply([new DiscoveryModeChanged(m.Mode)], []));
        Command<SetPasswordComplexity>(m => PersistAndReply([new PasswordComplexityConfigured(m.Configuration)], []));
        Command<SetDigestAlgorithms>(m => PersistAndReply([new DigestAlgorithmsConfigured(m.Algorithms)], []));
        Command<SetAccessPolicyDocument>(m => PersistAndReply([new AccessPolicyConfigured(m.Document)], []));
        Command<SetReplaySessionTimeout>(m => PersistAndReply([new ReplaySessionTimeoutConfigured(m.SessionTimeout)], []));
        Command<SetPasswordHistory>(m => PersistAndReply([new PasswordHistoryConfigured(m.Policy)], []));
        Command<SetAuthFailureWarning>(m => PersistAndReply([new AuthFailureWarningConfigured(m.Policy)], []));
        Command<SetRemoteUser>(m => PersistAndReply([new RemoteUserConfigured(m.User)], []));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId = "device-settings") => Akka.Actor.Props.Create(() => new DeviceSettingsActor(persistenceId));

    private void OnCreateUsers(CreateUsers m)
    {
        var names = new HashSet<string>(_settings.Users.Select(u => u.Username), StringComparer.Ordinal);
        foreach (var user in m.Users)
        {
            if (!names.Add(user.Username))
            {
                Reject(DeviceFault.UsernameClash, $"user '{user.Username}' exists already");
                return;
            }
        }

        if (names.Count > MaxUsers)
        {
            Reject(DeviceFault.TooManyUsers, $"at most {MaxUsers} users");
            return;
        }

        PersistAndReply(m.Users.Select(u => (IDeviceEvent)new UserSaved(u.Username, u.Level, u.SealedPassword)).ToList(), []);
    }

    private void OnDeleteUsers(DeleteUsers m)
    {
        var missing = m.Usernames.FirstOrDefault(n => _settings.Users.All(u => u.Username != n));
        if (missing is not null)
        {
            Reject(DeviceFault.UsernameMissing, $"no user '{missing}'");
            return;
        }

        var remaining = _settings.Users.Where(u => !m.Usernames.Contains(u.Username, StringComparer.Ordinal)).ToList();
        if (!remaining.Any(u => u.Level == UserLevel.Administrator))
        {
            Reject(DeviceFault.FixedUser, "the last administrator cannot be deleted");
            return;
        }

        PersistAndReply(m.Usernames.Distinct(StringComparer.Ordinal).Select(n => (IDeviceEvent)new UserDeleted(n)).ToList(), []);
    }

    private void OnSetUsers(SetUsers m)
    {
        var byName = _settings.Users.ToDictionary(u => u.Username, StringComparer.Ordinal);
        var events = new List<IDeviceEvent>();
        foreach (var (name, level, sealedPassword) in m.Users)
        {
            if (!byName.TryGetValue(name, out var existing))
            {
                Reject(DeviceFault.UsernameMissing, $"no user '{name}'");
                return;
            }

            var history = existing.PasswordHistory;
            if (sealedPassword is not null && m.RetiredPasswords?.GetValueOrDefault(name) is { } retired)
            {
                history = [retired, .. (history ?? []).Take(PasswordHistoryPolicy.MaxLength - 1)];
            }

            var changed = new StoredUser(name, level, sealedPassword ?? existing.SealedPassword, history);
            byName[name] = changed;
            events.Add(new UserSaved(changed.Username, changed.Level, changed.SealedPassword, changed.PasswordHistory));
        }

        if (!byName.Values.Any(u => u.Level == UserLevel.Administrator))
        {
            Reject(DeviceFault.FixedUser, "the last administrator cannot be demoted");
            return;
        }

        PersistAndReply(events, []);
    }

    private void OnAddScopes(AddScopes m)
    {
        var scopes = Distinct([.. _settings.ConfigurableScopes ?? [], .. m.Scopes]);
        if (scopes.Count > MaxScopes)
        {
            Reject(DeviceFault.TooManyScopes, $"at most {MaxScopes} configurable scopes");
            return;
        }

        PersistAndReply([new ScopesConfigured(scopes)], []);
    }

    private void OnRemoveScopes(RemoveScopes m)
    {
        var current = _settings.ConfigurableScopes ?? [];
        var missing = m.Scopes.FirstOrDefault(s => !current.Contains(s, StringComparer.Ordinal));
        if (missing is not null)
        {
            Reject(DeviceFault.NoScope, $"'{missing}' is not a configurable scope of the device");
            return;
        }

        var removed = Distinct(m.Scopes);
        PersistAndReply([new ScopesConfigured(current.Where(s => !removed.Contains(s, StringComparer.Ordinal)).ToList())], removed);
    }

    private void PersistAndReply(IReadOnlyList<IDeviceEvent> events, IReadOnlyList<string> removed)
    {
        if (events.Count == 0)
        {
            Sender.Tell(new DeviceSettingsChanged(_settings, removed));
            return;
        }

        var sender = Sender;
        var left = events.Count;
        PersistAll(events, e =>
        {
            Apply(e);
            if (--left == 0)
            {
                sender.Tell(new DeviceSettingsChanged(_settings, removed));
            }
        });
    }

    private void Reject(DeviceFault fault, string reason) => Sender.Tell(new DeviceCommandRejected(fault, reason));

    private void Apply(IDeviceEvent e) => _settings = e switch
    {
        UserSaved u => _settings with
        {
            Users = [.. _settings.Users.Where(x => x.Username != u.Username), new StoredUser(u.Username, u.Level, u.SealedPassword, u.PasswordHistory)],
        },
        UserDeleted d => _settings with { Users = _settings.Users.Where(x => x.Username != d.Username).ToList() },
        ScopesConfigured s => _settings with { ConfigurableScopes = s.Scopes },
        DiscoveryModeChanged d => _settings with { DiscoveryMode = d.Mode },
        PasswordComplexityConfigured p => _settings with { PasswordComplexity = p.Configuration },
        DigestAlgorithmsConfigured d => _settings with { DigestAlgorithms = d.Algorithms },
        AccessPolicyConfigured a => _settings with { AccessPolicyDocument = a.Document },
        ReplaySessionTimeoutConfigured r => _settings with { ReplaySessionTimeout = r.SessionTimeout },
        PasswordHistoryConfigured h => _settings with { PasswordHistory = h.Policy },
        AuthFailureWarningConfigured a => _settings with { AuthFailureWarning = a.Policy },
        RemoteUserConfigured r => _settings with { RemoteUser = r.User },
        _ => _settings,
    };

    private static List<string> Distinct(IEnumerable<string> scopes) => scopes.Distinct(StringComparer.Ordinal).ToList();
}
