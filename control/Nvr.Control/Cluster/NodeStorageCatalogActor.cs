using Akka.Actor;
using Akka.Event;
using Nvr.Control.Storage;
using Nvr.Storage.Configuration;

namespace Nvr.Control.Cluster;

/// <summary>
/// Keeps this node's storage catalog (the one its recording engine writes through) equal to the storage
/// configurations of the control singleton, wherever that runs: it reads them through the singleton proxy when it
/// starts, whenever a node says they changed (<see cref="StorageConfigurationsChanged"/>, relayed or local), and every
/// <see cref="RefreshInterval"/> (a relayed notice is at most once). Configurations the singleton no longer has leave
/// the catalog. Logs the tokens when they change, never a credential.
/// </summary>
public sealed class NodeStorageCatalogActor : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _storageConfigurations;
    private readonly StorageCatalog _catalog;
    private string _tokens = string.Empty;

    public NodeStorageCatalogActor(IActorRef storageConfigurations, StorageCatalog catalog)
    {
        _storageConfigurations = storageConfigurations;
        _catalog = catalog;
        Receive<Refresh>(_ => _storageConfigurations.Ask<StorageConfigurationsReply>(GetStorageConfigurations.Instance, ControlPlane.AskTimeout)
            .PipeTo(Self, failure: _ => RefreshFailed.Instance));
        Receive<StorageConfigurationsReply>(Apply);
        Receive<RefreshFailed>(_ => { }); // the singleton is moving: the next refresh reads it
        Receive<StorageConfigurationsChanged>(_ => Self.Tell(Refresh.Instance));
        Receive<RelayedEvent>(r =>
        {
            if (r.Event is StorageConfigurationsChanged)
            {
                Self.Tell(Refresh.Instance);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef storageConfigurations, StorageCatalog catalog) =>
        Akka.Actor.Props.Create(() => new NodeStorageCatalogActor(storageConfigurations, catalog));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(RelayedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(StorageConfigurationsChanged));
        Self.Tell(Refresh.Instance);
        Timers.StartPeriodicTimer("refresh", Refresh.Instance, RefreshInterval);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Apply(StorageConfigurationsReply reply)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in reply.Configurations)
        {
            if (StorageConfigurationMapping.ToCatalogEntry(stored).Configuration is { } configuration)
            {
                _catalog.Set(configuration);
                tokens.Add(stored.Token);
            }
        }

        foreach (var gone in _catalog.Tokens.Where(t => !tokens.Contains(t)).ToList())
        {
            _catalog.Remove(gone);
        }

        var now = string.Join(", ", tokens.Order(StringComparer.Ordinal));
        if (!string.Equals(now, _tokens, StringComparison.Ordinal))
        {
            _tokens = now;
            _log.Info("cluster: storage catalog of this node: {0}", now);
        }
    }

    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private sealed class RefreshFailed
    {
        public static readonly RefreshFailed Instance = new();
    }
}
