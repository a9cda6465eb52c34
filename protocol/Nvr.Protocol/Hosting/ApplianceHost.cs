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
        builder.Services.AddSingleton<RecordingService>();
        builder.Services.AddSingleton<ReceiverService>();
        builder.Services.AddSingleton<ScheduleService>();
        builder.Services.AddSingleton<PushDelivery>();
        builder.Services.AddSingleton<EventServiceEndpoint>();

        var app = builder.Build();
        app.UseMiddleware<SoapGuardMiddleware>(new[]
        {
            SoapEndpointDescription.For<IRecordingService>(OnvifServicePaths.Recording, OnvifNamespaces.Recording),
            SoapEndpointDescription.For<IReceiverService>(OnvifServicePaths.Receiver, OnvifNamespaces.Receiver),
            SoapEndpointDescription.For<IScheduleService>(OnvifServicePaths.Schedule, OnvifNamespaces.Schedule),
        }.AsEnumerable());
        ((IApplicationBuilder)app).UseSoapEndpoint<RecordingService>(o => Configure(o, OnvifServicePaths.Recording));
        ((IApplicationBuilder)app).UseSoapEndpoint<ReceiverService>(o => Configure(o, OnvifServicePaths.Receiver));
        ((IApplicationBuilder)app).UseSoapEndpoint<ScheduleService>(o => Configure(o, OnvifServicePaths.Schedule));
        EventServiceEndpoint.Map(app);
        app.MapGet("/", () => Results.Text($"ONVIF NVR appliance\nrecording service: {OnvifServicePaths.Recording}\nreceiver service: {OnvifServicePaths.Receiver}\nschedule service: {OnvifServicePaths.Schedule}\nevent service: {OnvifServicePaths.Event}\n"));

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

    private static void Configure(SoapCoreOptions options, string path)
    {
        options.Path = path;
        options.SoapSerializer = SoapSerializer.XmlSerializer;
        options.EncoderOptions =
        [
            new SoapEncoderOptions { MessageVersion = MessageVersion.Soap12, WriteEncoding = Encoding.UTF8 },
        ];
        options.OmitXmlDeclaration = false;
        options.AdditionalEnvelopeXmlnsAttributes = new Dictionary<string, string>
        {
            ["tt"] = OnvifNamespaces.Schema,
            ["trc"] = OnvifNamespaces.Recording,
            ["trv"] = OnvifNamespaces.Receiver,
            ["tsc"] = OnvifNamespaces.Schedule,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Control.DisposeAsync();
    }
}
