using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Pipeline.RtspServer;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;
using Nvr.Recording.Live;
using Nvr.Recording.Replay;
using Nvr.Storage.Configuration;
using Nvr.Storage.Export;
using Nvr.Storage.Index;

namespace Nvr.Protocol.Replay;

/// <summary>Registers the replay service and builds the RTSP server that replays recordings.</summary>
public static class ReplayServiceRegistration
{
    public const string Path = "/onvif/replay_service";

    /// <summary>Access classes of the replay operations (Replay spec).</summary>
    public static readonly IReadOnlyDictionary<string, AccessClass> AccessClasses = new Dictionary<string, AccessClass>
    {
        ["GetServiceCapabilities"] = AccessClass.PreAuth,
        ["GetReplayUri"] = AccessClass.ReadMedia,
        ["GetReplayConfiguration"] = AccessClass.ReadMedia,
        ["SetReplayConfiguration"] = AccessClass.Actuate,
    };

    /// <summary>
    /// The RTSP server over the recorded-range index of the data directory and the appliance's live storage catalog
    /// (storages created over SOAP included; S3 objects from the spool under <paramref name="spoolRoot"/> first, then the
    /// bucket), not yet started; encrypted segments are decrypted with the keys <paramref name="keysOf"/> gives (the
    /// control plane's), which never leave the appliance. <paramref name="authenticator"/> null lets every request in.
    /// </summary>
    public static (RtspServer Server, RecordedRangeIndex Index) CreateServer(ApplianceOptions options, StorageCatalog storages, string spoolRoot,
        Func<string, CancellationToken, Task<IReadOnlyDictionary<string, byte[]>>> keysOf, IRtspAuthenticator? authenticator, LiveRelay? live = null)
    {
        var index = new RecordedRangeIndex(ApplianceHost.IndexOf(options)); // its own reader connection
        var replay = new RecordingReplayCatalog(index, new ClearSegmentObjectReader(new RecordedObjectReader(storages, spoolRoot), keysOf));
        IRtspMediaCatalog catalog = live is null
            ? replay
            : new PrefixCatalog((RecordingReplayCatalog.PathPrefix, replay), (LiveRelay.PathPrefix, live)); // recordings and the live relay
        var server = new RtspServer(
            options.RtspServer with { Address = options.RtspAddress, Port = options.RtspPort ?? 0, Time = options.Time },
            catalog,
            authenticator);
        return (server, index);
    }

    public static IServiceCollection AddReplayService(this IServiceCollection services, RtspServer server)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(new ReplayEndpoint(server));
        return services.AddOnvifSoapService<IReplayService, ReplayService>(
            OnvifNamespaces.Replay, Path, "trp", "21.06", _ => ReplayService.Capabilities(),
            legacy: new LegacyCapability("Replay", (_, xaddr) => [new XElement(XNamespace.Get(OnvifNamespaces.Schema) + "XAddr", xaddr)]),
            accessClasses: AccessClasses);
    }
}
