using System.ServiceModel.Channels;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nvr.Control;
using Nvr.Control.Engine;
using Nvr.Recording.Engine;
using Nvr.Recording.Live;
using Nvr.Protocol.Media;
using Nvr.Storage.Configuration;
using Nvr.Protocol.Events;
using Nvr.Protocol.Operations;
using Nvr.Protocol.WebConsole;
using Akka.Actor;
using Prometheus;
using Nvr.Protocol.Device;
using Nvr.Protocol.Receiver;
using Nvr.Protocol.Recording;
using Nvr.Protocol.Replay;
using Nvr.Protocol.Schedule;
using Nvr.Protocol.Search;
using Nvr.Control.Search;
using Nvr.Storage.Index;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;
using SoapCore;
using SoapCore.Extensibility;

namespace Nvr.Protocol.Hosting;

/// <summary>
/// The running appliance: the control plane (actor system on its database) and Kestrel serving the ONVIF SOAP
/// services. <see cref="StartAsync"/> returns once both listen; <see cref="ServiceUrls"/> are the bound addresses.
/// </summary>
public sealed class ApplianceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private Discovery.DiscoveryResponder? _discovery;
    private readonly (Nvr.Pipeline.RtspServer.RtspServer Server, Nvr.Storage.Index.RecordedRangeIndex Index)? _rtsp;
    private Nvr.Pipeline.Ingest.ReadPacer? _readPacer;
    private Nvr.Pipeline.Ingest.WriterLease? _lease;
    private LiveRelay? _live;
    private WallClockStepMonitor? _clockSteps;

    private ApplianceHost(WebApplication app, ControlPlane control, FirstRunAdministrator.Outcome firstRun, (Nvr.Pipeline.RtspServer.RtspServer, Nvr.Storage.Index.RecordedRangeIndex)? rtsp)
    {
        _app = app;
        Control = control;
        FirstRun = firstRun;
        _rtsp = rtsp;
    }

    /// <summary>The WS-Discovery responder's UDP port; null when discovery is off.</summary>
    public int? DiscoveryPort => _discovery?.Port;

    /// <summary>The RTSP server replaying recordings (null when <see cref="ApplianceOptions.RtspPort"/> is null).</summary>
    public Nvr.Pipeline.RtspServer.RtspServer? Rtsp => _rtsp?.Server;

    /// <summary>The live relay behind the RTSP server's /live/ paths (null without the RTSP server).</summary>
    public LiveRelay? Live => _live;

    public IReadOnlyList<string> MediaServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Media).ToList();

    public ControlPlane Control { get; }

    /// <summary>What the console's live streams sent (fragments with their frames' arrival), for measuring live latency.</summary>
    public Nvr.Protocol.WebConsole.ConsoleLiveLog ConsoleLive => _app.Services.GetRequiredService<Nvr.Protocol.WebConsole.ConsoleLiveLog>();

    /// <summary>The administrator: created at this start (with the generated password, if one was generated) or existing.</summary>
    public FirstRunAdministrator.Outcome FirstRun { get; }

    /// <summary>The registered ONVIF services (as GetServices lists them), with their access-class tables.</summary>
    public IReadOnlyList<OnvifServiceDescriptor> Services => OnvifServiceRegistration.Services(_app.Services);

    /// <summary>Authentication failures since start (every refused credential, from any address).</summary>
    public long AuthenticationFailures => _app.Services.GetRequiredService<OnvifAuthenticator>().Throttle.TotalFailures;

    /// <summary>Cancelled when the host is asked to stop (SIGTERM, SIGINT/Ctrl+C).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public IReadOnlyList<string> BaseUrls =>
        _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public IReadOnlyList<string> ServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Recording).ToList();

    public IReadOnlyList<string> ReceiverServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Receiver).ToList();

    public IReadOnlyList<string> EventServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Event).ToList();
    public IReadOnlyList<string> DeviceServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Device).ToList();

    public IReadOnlyList<string> ReplayServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + ReplayServiceRegistration.Path).ToList();

    public IReadOnlyList<string> ScheduleServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Schedule).ToList();

    public IReadOnlyList<string> SearchServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Search).ToList();

    public static async Task<ApplianceHost> StartAsync(ApplianceOptions options, Action<ILoggingBuilder>? logging = null)
    {
        Directory.CreateDirectory(options.DataDirectory);
        // One catalog: seeded from --storage, kept current by the storage configurations actor, read by the engine
        // per segment and by recording control (Target Storage tokens are validated against its live token set).
        var storages = StorageCatalog.FromBindings(options.Storages.Select(s => $"{s.Key}={s.Value}"));
        var limits = options.Limits with { StorageTokens = storages.Tokens };
        var telemetry = new RunnerTelemetry();
        // Paces socket reads in real time like the sockets themselves (not the injected clock, which tests may stop).
        var readPacer = options.RecordingEngine && options.IngestReadPeriod > TimeSpan.Zero ? new Nvr.Pipeline.Ingest.ReadPacer(options.IngestReadPeriod, TimeProvider.System) : null;
        var remoteUser = new RemoteUserCredentials();
        // The live relay of the receivers' streams (/live/<receiver> on the RTSP server): the engine's sources publish to it.
        var live = options.RtspPort is null ? null : new LiveRelay(new LiveRelayOptions { Time = options.Time, Reconnect = options.Reconnect, DefaultCredentials = () => remoteUser.Current });
        // Cluster mode: the data path's writer lease, on the monotonic clock (it runs on while the process is stopped)
        var lease = options.Cluster is { } cluster ? new Nvr.Pipeline.Ingest.WriterLease(cluster.Timings.WriterLease, TimeProvider.System) : null;
        var engine = options.RecordingEngine
            ? RecordingEngineActor.Props(EngineSettingsFor(options, storages) with { Telemetry = telemetry, ReadPacer = readPacer, Live = live, DefaultCredentials = () => remoteUser.Current, Lease = lease })
            : null;
        var vault = PasswordVault.ForDataDirectory(options.DataDirectory);
        // Recording content keys and storage credentials are sealed in the journal with a key derived from the vault's.
        var persistence = options.EffectivePersistence with { SealingKey = vault.DeriveKey("journal-sealing") };
        var control = await ControlPlane.StartAsync(persistence, limits, options.Time, timeZone: options.TimeZone, engineProps: engine,
            notificationLimits: options.Notifications, storages: storages, defaultStorage: options.Storages.Keys.FirstOrDefault(), cluster: options.Cluster is null ? null : options.Cluster with { Lease = lease });
        control.CommandTimeout = options.ControlCommandTimeout;
        FirstRunAdministrator.Outcome firstRun;
        try
        {
            firstRun = await FirstRunAdministrator.EnsureAsync(control, vault, options.DataDirectory, options.AdminUser, options.AdminPassword);
            // Receivers may connect while this runs; one that needs the remote user retries with it on its next attempt.
            remoteUser.Load(((Nvr.Control.Device.DeviceSettings)await control.AskDeviceAsync(Nvr.Control.Device.GetDeviceSettings.Instance)).RemoteUser, vault);
        }
        catch
        {
            await control.DisposeAsync();
            readPacer?.Dispose();
            lease?.Dispose();
            throw;
        }

        // No reload-on-change of appsettings: it watches the whole content root (the current directory, often the
        // data directory) with inotify, waking a thread for every segment write (issue 13: 300+ wake-ups/s at 50 cameras).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls([.. options.Urls, .. options.Https?.Urls ?? []]);
        if (options.Https is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves TLS out unless asked
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            options.Http.ApplyTo(k.Limits);
            if (options.Https is { } https)
            {
                k.ConfigureHttpsDefaults(tls => tls.ServerCertificate = https.Certificate);
            }
        });
        if (logging is not null)
        {
            builder.Logging.ClearProviders();
            logging(builder.Logging);
        }
        else if (string.Equals(options.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }

        var spoolRoot = Path.Combine(options.DataDirectory, "spool");
        var metrics = new ApplianceMetrics(
            options.RecordingEngine ? telemetry : null,
            () => [.. storages.All.OfType<LocalStorageConfiguration>().Select(l => (l.Token, l.Directory))],
            spoolRoot,
            options.Time);
        var consoleEvents = new ConsoleEventHub();
        control.System.ActorOf(OperationsFeedActor.Props([
            m =>
            {
                switch (m)
                {
                    case Nvr.Control.Events.SegmentRecordedEvent s: metrics.OnSegment(s); break;
                    case Nvr.Control.Events.RecordingJobStateEvent j: metrics.OnJobState(j); break;
                    case Nvr.Control.Events.ReceiverStateEvent r: metrics.OnReceiverState(r); break;
                }
            },
            consoleEvents.Publish,
        ]), "operations-feed");
        metrics.Live = live;
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(consoleEvents);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(new ConsoleSessions(options.Time));
        builder.Services.AddSingleton(options.ConsoleCredentials ?? new DeviceUsersCredentialCheck(control, options.UnsealPassword ?? vault.Open));
        var consoleCameras = new ConsoleCameras(control, options.Storages.Keys.FirstOrDefault());
        builder.Services.AddSingleton(consoleCameras);
        builder.Services.AddSingleton(new ConsoleLiveLog());
        builder.Services.AddSingleton(new ConsoleMedia(IndexOf(options), storages, spoolRoot, control.RecordingKeysAsync));
        builder.Services.AddSingleton(new ConsoleDownloads(control, storages, spoolRoot, options.Time, options.DataDirectory));
        builder.Services.AddSingleton(new ConsoleStorageView(storages, spoolRoot, options.MinimumFreeBytes, options.RecordingEngine ? telemetry : null));

        builder.Services.AddSingleton(control);
        builder.Services.AddSingleton(vault);
        builder.Services.AddSingleton(options.Authentication);
        var authFailures = new AuthFailureMonitor(options.Time, e => control.System.EventStream.Publish(e));
        builder.Services.AddSingleton(authFailures);
        builder.Services.AddSingleton(remoteUser);
        builder.Services.AddSingleton<OnvifAuthenticator>();
        builder.Services.AddSingleton<DeviceUsers>();
        builder.Services.AddSingleton<IFaultExceptionTransformer, OnvifFaultTransformer>(); // before AddSoapCore (TryAdd)
        builder.Services.AddSoapCore();
        var identity = DeviceIdentity.ForDataDirectory(options.DataDirectory);
        builder.Services.AddSingleton(new DeviceService.Dependencies(identity, options.TimeZone, Discovery: options.DiscoveryPort is not null));
        builder.Services.AddSingleton<DeviceService>();
        builder.Services.AddSingleton(new Discovery.DiscoveryChanges());
        builder.Services.AddOnvifService(DeviceServiceRegistration.Descriptor);
        builder.Services.AddOnvifSoapService<IRecordingService, RecordingService>(
            OnvifNamespaces.Recording, OnvifServicePaths.Recording, "trc", "25.06", p => RecordingCapabilities.From(p.GetRequiredService<ControlPlane>().Limits),
            legacy: LegacyCapabilities.Recording, accessClasses: RecordingAccessClasses.Table);
        builder.Services.AddOnvifSoapService<IReceiverService, ReceiverService>(
            OnvifNamespaces.Receiver, OnvifServicePaths.Receiver, "trv", "2.1", p => ReceiverService.CapabilitiesOf(p.GetRequiredService<ControlPlane>()),
            legacy: LegacyCapabilities.Receiver, accessClasses: ReceiverAccessClasses.Table);
        builder.Services.AddOnvifSoapService<IScheduleService, ScheduleService>(
            OnvifNamespaces.Schedule, OnvifServicePaths.Schedule, "tsc", "18.12", p => ScheduleService.CapabilitiesOf(p.GetRequiredService<ControlPlane>()),
            accessClasses: ScheduleAccessClasses.Table);
        var rtsp = live is null ? ((Nvr.Pipeline.RtspServer.RtspServer, Nvr.Storage.Index.RecordedRangeIndex)?)null : ReplayServiceRegistration.CreateServer(
            options, storages, spoolRoot, control.RecordingKeysAsync, options.RtspAuthenticator ?? new RtspDigestAuthenticator(control, vault, options.Authentication, metrics, authFailures), live);
        if (rtsp is { } replay && live is not null)
        {
            builder.Services.AddReplayService(replay.Item1);
            live.EndpointOf = (receiver, cancellationToken) => LiveEndpoints.OfAsync(control, receiver, cancellationToken);
            builder.Services.AddSingleton(live);
            builder.Services.AddSingleton(p => new MediaService(control, live, replay.Item1));
            builder.Services.AddOnvifService(MediaServiceRegistration.Descriptor);
        }

        builder.Services.AddSingleton<PushDelivery>();
        builder.Services.AddSingleton<EventServiceEndpoint>();
        builder.Services.AddOnvifService(EventServiceRegistration.Descriptor with { Legacy = LegacyCapabilities.Events });
        builder.Services.AddSingleton(_ => new RecordedRangeIndex(IndexOf(options))); // the search service's own reader connection
        builder.Services.AddSingleton(p => new RecordingCatalog(p.GetRequiredService<ControlPlane>(), p.GetRequiredService<RecordedRangeIndex>()));
        builder.Services.AddSingleton(_ => new SearchSessions(options.Time));
        builder.Services.AddSingleton<SearchService>();
        builder.Services.AddOnvifService(SearchServiceRegistration.Descriptor);

        var app = builder.Build();
        var services = OnvifServiceRegistration.Services(app.Services);
        app.UseMiddleware<SoapMetricsMiddleware>(services.Select(d => d.Endpoint).OfType<SoapEndpointDescription>());
        app.UseMiddleware<ControlPlaneTimeoutMiddleware>(services); // a command that timed out: a SOAP fault, not a bare HTTP 500
        app.UseMiddleware<OnvifAuthenticationMiddleware>(services);
        app.UseMiddleware<SoapGuardMiddleware>(services.Select(d => d.Endpoint).OfType<SoapEndpointDescription>());
        foreach (var service in services)
        {
            service.Map(app);
        }

        app.MapMetrics("/metrics", metrics.Registry);
        HealthEndpoints.Map(app, control);
        app.MapConsole();
        app.MapGet("/", () => Results.Text($"ONVIF NVR appliance\ndevice service: {OnvifServicePaths.Device}\nrecording service: {OnvifServicePaths.Recording}\nreceiver service: {OnvifServicePaths.Receiver}\nschedule service: {OnvifServicePaths.Schedule}\nevent service: {OnvifServicePaths.Event}\nsearch service: {OnvifServicePaths.Search}\n"));

        if (rtsp is { } replayServer && await control.AskDeviceAsync(Nvr.Control.Device.GetDeviceSettings.Instance) is Nvr.Control.Device.DeviceSettings { ReplaySessionTimeout: { } stored })
        {
            replayServer.Item1.SessionTimeout = stored; // what SetReplayConfiguration stored before the restart
        }

        rtsp?.Item1.Start();
        await app.StartAsync();
        var clockSteps = new WallClockStepMonitor(options.Time, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nvr.Clock"), step =>
        {
            metrics.OnWallClockStep(step);
            control.System.EventStream.Publish(new Nvr.Control.Events.WallClockSteppedEvent(options.Time.GetUtcNow(), step));
        });
        metrics.ClockSteps = clockSteps;
        var host = new ApplianceHost(app, control, firstRun, rtsp) { _readPacer = readPacer, _live = live, _clockSteps = clockSteps, _lease = lease };
        if (options.Cluster is not null)
        {
            // downed by the split-brain resolver (or left): its recordings stopped, nothing of this node may serve on
            _ = control.Terminated.ContinueWith(_ => app.Lifetime.StopApplication(), TaskScheduler.Default);
        }
        if (options.DiscoveryPort is { } port)
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nvr.Discovery");
            try
            {
                host._discovery = await Discovery.DiscoveryHosting.StartAsync(control, identity, () => host.BaseUrls, options.DiscoveryAddress, port, log, options.DiscoveryAnnounceTo);
                app.Services.GetRequiredService<Discovery.DiscoveryChanges>().Announce = host._discovery.AnnounceChangeAsync;
            }
            catch (System.Net.Sockets.SocketException e)
            {
                // Discovery is secondary: an occupied or forbidden port leaves the ONVIF services running without it.
                log.LogWarning("WS-Discovery is off: cannot bind UDP {Address}:{Port} ({Error})", options.DiscoveryAddress, port, e.SocketErrorCode);
            }
        }

        return host;
    }

    private static EngineSettings EngineSettingsFor(ApplianceOptions options, StorageCatalog storages) =>
        new(storages, Path.Combine(options.DataDirectory, "spool"))
        {
            Time = options.Time,
            DefaultStorage = options.Storages.Keys.FirstOrDefault(),
            Index = IndexOf(options),
            RetentionInterval = options.RetentionInterval,
            MinimumFreeBytes = options.MinimumFreeBytes,
            ExportBytesPerSecond = options.ExportBytesPerSecond,
            Spool = options.Spool,
            Reconnect = options.Reconnect,
        };

    /// <summary>The SQLite file of the recorded-range index in the data directory (the index without <c>--postgres</c>).</summary>
    public static string IndexPathOf(ApplianceOptions options) => Path.Combine(options.DataDirectory, "index.db");

    /// <summary>
    /// The recorded-range index: written by the engine, read by search, replay, export and the console. With
    /// <c>--postgres</c> its tables are in that database (shared by every node of a cluster), else <see cref="IndexPathOf"/>.
    /// </summary>
    public static IndexLocation IndexOf(ApplianceOptions options) =>
        options.Persistence is { Provider: Nvr.Control.Persistence.PersistenceProvider.PostgreSql, ConnectionString: var postgres }
            ? IndexLocation.PostgreSql(postgres)
            : IndexLocation.Sqlite(IndexPathOf(options));

    public async ValueTask DisposeAsync()
    {
        if (_discovery is not null)
        {
            await _discovery.DisposeAsync(); // Bye while the device service still answers
        }

        await _app.StopAsync();
        _app.Services.GetRequiredService<ConsoleMedia>().Dispose();
        await _app.DisposeAsync();
        if (_rtsp is { } rtsp)
        {
            await rtsp.Server.DisposeAsync();
            rtsp.Index.Dispose();
        }

        if (_live is not null)
        {
            await _live.DisposeAsync(); // its on-demand camera sessions
        }

        await Control.DisposeAsync();
        _clockSteps?.Dispose();
        _readPacer?.Dispose(); // after the engine: no ingest waits for a tick any more
        _lease?.Dispose();
    }
}
