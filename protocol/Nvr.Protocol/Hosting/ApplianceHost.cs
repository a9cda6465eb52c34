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
using Nvr.Storage.Configuration;
using Nvr.Protocol.Events;
using Nvr.Protocol.Operations;
using Nvr.Protocol.WebConsole;
using Akka.Actor;
using Prometheus;
using Nvr.Protocol.Device;
using Nvr.Protocol.Receiver;
using Nvr.Protocol.Recording;
using Nvr.Protocol.Schedule;
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

    private ApplianceHost(WebApplication app, ControlPlane control)
    {
        _app = app;
        Control = control;
    }

    public ControlPlane Control { get; }

    /// <summary>Cancelled when the host is asked to stop (SIGTERM, SIGINT/Ctrl+C).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    public IReadOnlyList<string> BaseUrls =>
        _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public IReadOnlyList<string> ServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Recording).ToList();

    public IReadOnlyList<string> ReceiverServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Receiver).ToList();

    public IReadOnlyList<string> EventServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Event).ToList();
    public IReadOnlyList<string> DeviceServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Device).ToList();

    public IReadOnlyList<string> ScheduleServiceUrls => BaseUrls.Select(b => b.TrimEnd('/') + OnvifServicePaths.Schedule).ToList();

    public static async Task<ApplianceHost> StartAsync(ApplianceOptions options, Action<ILoggingBuilder>? logging = null)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var limits = options.Storages.Count > 0
            ? options.Limits with { StorageTokens = options.Storages.Keys.ToHashSet(StringComparer.Ordinal) }
            : options.Limits;
        var telemetry = new RunnerTelemetry();
        var engine = options.RecordingEngine ? RecordingEngineActor.Props(EngineSettingsFor(options) with { Telemetry = telemetry }) : null;
        var control = await ControlPlane.StartAsync(options.EffectivePersistence, limits, options.Time, timeZone: options.TimeZone, engineProps: engine,
            notificationLimits: options.Notifications);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = SoapGuardMiddleware.MaxBodyBytes * 2L);
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

        var storages = StorageCatalog.FromBindings(options.Storages.Select(s => $"{s.Key}={s.Value}"));
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
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(consoleEvents);
        builder.Services.AddSingleton(options.Time);
        builder.Services.AddSingleton(new ConsoleSessions(options.Time));
        builder.Services.AddSingleton(options.ConsoleCredentials ?? new DeviceUsersCredentialCheck(control, options.UnsealPassword));
        builder.Services.AddSingleton(new ConsoleCameras(control, options.Storages.Keys.FirstOrDefault()));
        builder.Services.AddSingleton(new ConsoleMedia(Path.Combine(options.DataDirectory, "index.db"), storages));
        builder.Services.AddSingleton(new ConsoleStorageView(storages, spoolRoot, options.MinimumFreeBytes, options.RecordingEngine ? telemetry : null));

        builder.Services.AddSingleton(control);
        builder.Services.AddSingleton<IFaultExceptionTransformer, OnvifFaultTransformer>(); // before AddSoapCore (TryAdd)
        builder.Services.AddSoapCore();
        builder.Services.AddSingleton(new DeviceService.Dependencies(DeviceIdentity.ForDataDirectory(options.DataDirectory), options.TimeZone));
        builder.Services.AddSingleton<DeviceService>();
        builder.Services.AddOnvifService(DeviceServiceRegistration.Descriptor);
        builder.Services.AddOnvifSoapService<IRecordingService, RecordingService>(
            OnvifNamespaces.Recording, OnvifServicePaths.Recording, "trc", "25.06", p => RecordingCapabilities.From(p.GetRequiredService<ControlPlane>().Limits));
        builder.Services.AddOnvifSoapService<IReceiverService, ReceiverService>(
            OnvifNamespaces.Receiver, OnvifServicePaths.Receiver, "trv", "2.1", p => ReceiverService.CapabilitiesOf(p.GetRequiredService<ControlPlane>()));
        builder.Services.AddOnvifSoapService<IScheduleService, ScheduleService>(
            OnvifNamespaces.Schedule, OnvifServicePaths.Schedule, "tsc", "18.12", p => ScheduleService.CapabilitiesOf(p.GetRequiredService<ControlPlane>()));
        builder.Services.AddSingleton<PushDelivery>();
        builder.Services.AddSingleton<EventServiceEndpoint>();
        builder.Services.AddOnvifService(EventServiceRegistration.Descriptor);

        var app = builder.Build();
        var services = OnvifServiceRegistration.Services(app.Services);
        app.UseMiddleware<SoapMetricsMiddleware>(services.Select(d => d.Endpoint).OfType<SoapEndpointDescription>());
        app.UseMiddleware<SoapGuardMiddleware>(services.Select(d => d.Endpoint).OfType<SoapEndpointDescription>());
        foreach (var service in services)
        {
            service.Map(app);
        }

        app.MapMetrics("/metrics", metrics.Registry);
        HealthEndpoints.Map(app, control);
        app.MapConsole();
        app.MapGet("/", () => Results.Text($"ONVIF NVR appliance\ndevice service: {OnvifServicePaths.Device}\nrecording service: {OnvifServicePaths.Recording}\nreceiver service: {OnvifServicePaths.Receiver}\nschedule service: {OnvifServicePaths.Schedule}\nevent service: {OnvifServicePaths.Event}\nweb console: /console/\nmetrics: /metrics\n"));

        await app.StartAsync();
        return new ApplianceHost(app, control);
    }

    private static EngineSettings EngineSettingsFor(ApplianceOptions options) =>
        new(StorageCatalog.FromBindings(options.Storages.Select(s => $"{s.Key}={s.Value}")), Path.Combine(options.DataDirectory, "spool"))
        {
            Time = options.Time,
            DefaultStorage = options.Storages.Keys.FirstOrDefault(),
            IndexPath = Path.Combine(options.DataDirectory, "index.db"),
            RetentionInterval = options.RetentionInterval,
            MinimumFreeBytes = options.MinimumFreeBytes,
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        _app.Services.GetRequiredService<ConsoleMedia>().Dispose();
        await _app.DisposeAsync();
        await Control.DisposeAsync();
    }
}
