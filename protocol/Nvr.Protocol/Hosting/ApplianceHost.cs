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
using Nvr.Protocol.Device;
using Nvr.Protocol.Receiver;
using Nvr.Protocol.Recording;
using Nvr.Protocol.Replay;
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
    private readonly (Nvr.Pipeline.RtspServer.RtspServer Server, Nvr.Storage.Index.RecordedRangeIndex Index)? _rtsp;

    private ApplianceHost(WebApplication app, ControlPlane control, (Nvr.Pipeline.RtspServer.RtspServer, Nvr.Storage.Index.RecordedRangeIndex)? rtsp)
    {
        _app = app;
        Control = control;
        _rtsp = rtsp;
    }

    /// <summary>The RTSP server replaying recordings (null when <see cref="ApplianceOptions.RtspPort"/> is null).</summary>
    public Nvr.Pipeline.RtspServer.RtspServer? Rtsp => _rtsp?.Server;

    public ControlPlane Control { get; }

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

    public static async Task<ApplianceHost> StartAsync(ApplianceOptions options, Action<ILoggingBuilder>? logging = null)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var limits = options.Storages.Count > 0
            ? options.Limits with { StorageTokens = options.Storages.Keys.ToHashSet(StringComparer.Ordinal) }
            : options.Limits;
        var engine = options.RecordingEngine ? RecordingEngineActor.Props(EngineSettingsFor(options)) : null;
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
        var rtsp = options.RtspPort is null ? ((Nvr.Pipeline.RtspServer.RtspServer, Nvr.Storage.Index.RecordedRangeIndex)?)null : ReplayServiceRegistration.CreateServer(options);
        if (rtsp is { } replay)
        {
            builder.Services.AddReplayService(replay.Item1);
        }

        builder.Services.AddSingleton<PushDelivery>();
        builder.Services.AddSingleton<EventServiceEndpoint>();
        builder.Services.AddOnvifService(EventServiceRegistration.Descriptor);

        var app = builder.Build();
        var services = OnvifServiceRegistration.Services(app.Services);
        app.UseMiddleware<SoapGuardMiddleware>(services.Select(d => d.Endpoint).OfType<SoapEndpointDescription>());
        foreach (var service in services)
        {
            service.Map(app);
        }

        app.MapGet("/", () => Results.Text($"ONVIF NVR appliance\ndevice service: {OnvifServicePaths.Device}\nrecording service: {OnvifServicePaths.Recording}\nreceiver service: {OnvifServicePaths.Receiver}\nschedule service: {OnvifServicePaths.Schedule}\nevent service: {OnvifServicePaths.Event}\n"));

        rtsp?.Item1.Start();
        await app.StartAsync();
        return new ApplianceHost(app, control, rtsp);
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
        await _app.DisposeAsync();
        if (_rtsp is { } rtsp)
        {
            await rtsp.Server.DisposeAsync();
            rtsp.Index.Dispose();
        }

        await Control.DisposeAsync();
    }
}
