using Akka.Actor;
using Akka.Persistence;
using Nvr.Control.Recordings.Messages;
using Nvr.Storage.Configuration;

namespace Nvr.Control.Storage;

/// <summary>
/// Owns the storage configurations of the device service (devicemgmt Storage Configuration) and keeps the
/// <see cref="StorageCatalog"/> the recording engine writes through current: a change is persisted, then applied to
/// the catalog (recordings use it from their next segment), then acknowledged, so an acknowledged change survives
/// kill -9. At start the catalog holds the <c>--storage</c> bindings; after recovery the persisted configurations
/// replace them, bindings not yet stored are persisted (seeded), and bindings deleted over the device service stay
/// deleted. A storage a recording targets (or the default storage of recordings without a Target) is not deleted.
/// </summary>
public sealed class StorageConfigurationsActor : ReceivePersistentActor
{
    public const int MaxConfigurations = 16;

    private readonly StorageCatalog _catalog;
    private readonly string? _defaultStorage;
    private readonly Dictionary<string, StoredStorage> _byToken = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private IActorRef? _recordingControl;

    public StorageConfigurationsActor(string persistenceId, StorageCatalog catalog, string? defaultStorage)
    {
        PersistenceId = persistenceId;
        _catalog = catalog;
        _defaultStorage = defaultStorage;
        Recover<IStorageEvent>(Apply);
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Command<GetStorageConfigurations>(_ => Sender.Tell(new StorageConfigurationsReply(_byToken.Values.OrderBy(s => s.Token, StringComparer.Ordinal).ToList())));
        Command<AttachRecordingControl>(m => _recordingControl = m.RecordingControl);
        Command<CreateStorageConfiguration>(OnCreate);
        Command<SetStorageConfiguration>(OnSet);
        Command<DeleteStorageConfiguration>(OnDelete);
        Command<DeleteChecked>(OnDeleteChecked);
    }

    public override string PersistenceId { get; }

    public static Props Props(StorageCatalog catalog, string? defaultStorage, string persistenceId = "storage-configurations") =>
        Akka.Actor.Props.Create(() => new StorageConfigurationsActor(persistenceId, catalog, defaultStorage));

    private void OnRecovered()
    {
        foreach (var token in _deleted)
        {
            _catalog.Remove(token);
        }

        foreach (var stored in _byToken.Values)
        {
            if (StorageConfigurationMapping.ToCatalogEntry(stored).Configuration is { } configuration)
            {
                _catalog.Set(configuration);
            }
        }

        var seeds = _catalog.All.Where(c => !_byToken.ContainsKey(c.Token))
            .Select(c => (IStorageEvent)new StorageConfigurationSaved(StorageConfigurationMapping.FromCatalogEntry(c))).ToList();
        if (seeds.Count > 0)
        {
            PersistAll(seeds, Apply);
        }

        Changed();
    }

    /// <summary>Tells the event stream (in cluster mode: every node's catalog) that the configurations changed.</summary>
    private void Changed() => Context.System.EventStream.Publish(StorageConfigurationsChanged.Instance);

    private void OnCreate(CreateStorageConfiguration m)
    {
        if (_byToken.Count >= MaxConfigurations)
        {
            Reject(StorageFault.MaxStorageConfigurations, $"at most {MaxConfigurations} storage configurations");
            return;
        }

        var token = Enumerable.Range(1, MaxConfigurations * 4).Select(i => $"storage{i}").First(t => !_byToken.ContainsKey(t) && !_catalog.Tokens.Contains(t));
        var stored = m.Configuration with { Token = token };
        SaveAndReply(stored, new StorageConfigurationCreated(token));
    }

    private void OnSet(SetStorageConfiguration m)
    {
        if (!_byToken.TryGetValue(m.Configuration.Token, out var existing))
        {
            Reject(StorageFault.NoConfig, $"no storage configuration '{m.Configuration.Token}'");
            return;
        }

        var stored = m.Configuration with
        {
            UserName = m.Configuration.UserName ?? existing.UserName,
            Password = m.Configuration.Password ?? existing.Password,
        };
        SaveAndReply(stored, StorageCommandDone.Instance);
    }

    private void SaveAndReply(StoredStorage stored, object reply)
    {
        var (configuration, error) = StorageConfigurationMapping.ToCatalogEntry(stored);
        if (configuration is null)
        {
            Reject(StorageFault.ConfigModify, error ?? "the storage configuration is not usable");
            return;
        }

        var sender = Sender;
        Persist(new StorageConfigurationSaved(stored), e =>
        {
            Apply(e);
            _catalog.Set(configuration);
            sender.Tell(reply);
            Changed();
        });
    }

    private void OnDelete(DeleteStorageConfiguration m)
    {
        if (!_byToken.ContainsKey(m.Token))
        {
            Reject(StorageFault.NoConfig, $"no storage configuration '{m.Token}'");
            return;
        }

        var sender = Sender;
        if (_recordingControl is null)
        {
            Self.Tell(new DeleteChecked(m.Token, [], sender));
            return;
        }

        _recordingControl.Ask<RecordingsReply>(GetRecordings.Instance, ControlPlane.AskTimeout)
            .PipeTo(Self, success: r => new DeleteChecked(m.Token, r.Recordings, sender), failure: e => new DeleteChecked(m.Token, null, sender));
    }

    private void OnDeleteChecked(DeleteChecked m)
    {
        if (m.Recordings is null)
        {
            m.ReplyTo.Tell(new StorageCommandRejected(StorageFault.ReferenceInUse, "the recordings could not be checked; nothing was deleted"));
            return;
        }

        if (!_byToken.ContainsKey(m.Token))
        {
            m.ReplyTo.Tell(new StorageCommandRejected(StorageFault.NoConfig, $"no storage configuration '{m.Token}'"));
            return;
        }

        var user = m.Recordings.FirstOrDefault(r => (r.Configuration.Target?.Storage ?? _defaultStorage) == m.Token);
        if (user is not null)
        {
            m.ReplyTo.Tell(new StorageCommandRejected(StorageFault.ReferenceInUse, $"recording '{user.Token}' records to storage '{m.Token}'"));
            return;
        }

        Persist(new StorageConfigurationDeleted(m.Token), e =>
        {
            Apply(e);
            _catalog.Remove(m.Token);
            m.ReplyTo.Tell(StorageCommandDone.Instance);
            Changed();
        });
    }

    private void Reject(StorageFault fault, string reason) => Sender.Tell(new StorageCommandRejected(fault, reason));

    private void Apply(IStorageEvent e)
    {
        switch (e)
        {
            case StorageConfigurationSaved s:
                _byToken[s.Configuration.Token] = s.Configuration;
                _deleted.Remove(s.Configuration.Token);
                break;
            case StorageConfigurationDeleted d:
                _byToken.Remove(d.Token);
                _deleted.Add(d.Token);
                break;
        }
    }

    private sealed record DeleteChecked(string Token, IReadOnlyList<Recordings.Model.Recording>? Recordings, IActorRef ReplyTo);
}
