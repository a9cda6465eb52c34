using Microsoft.Extensions.Logging;
using Nvr.Control.Recordings;
using Nvr.Protocol.Hosting;
using Nvr.Testing;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// An in-process appliance on a free loopback port (real Kestrel, real HTTP) with its own data directory and
/// SQLite file, plus a WCF client whose responses are captured and schema-validated when the fixture ends.
/// </summary>
public class ApplianceFixture : IAsyncLifetime
{
    private ApplianceHost? _host;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"nvr-appliance-{Guid.NewGuid():N}");

    public EnvelopeCapture Capture { get; } = new();

    public OnvifSoapClient Recording { get; private set; } = null!;

    public OnvifSoapClient Receiver { get; private set; } = null!;

    public OnvifSoapClient Schedule { get; private set; } = null!;

    public OnvifSoapClient Device { get; private set; } = null!;

    public OnvifSoapClient Events { get; private set; } = null!;

    public OnvifSoapClient Replay { get; private set; } = null!;

    public string RecordingUrl { get; private set; } = string.Empty;

    protected virtual ControlLimits Limits => ControlLimits.Default;

    /// <summary>Bounds of the event service (subscriptions, queue capacity); the event-limit tests shrink them.</summary>
    protected virtual Nvr.Control.Notifications.NotificationLimits Notifications => Nvr.Control.Notifications.NotificationLimits.Default;

    /// <summary>Without the engine, job states follow the election alone (control-plane tests need no camera).</summary>
    protected virtual bool RecordingEngine => false;

    /// <summary>
    /// The free-space watermark of local storages (ApplianceOptions.MinimumFreeBytes). Off by default in tests, so a
    /// nearly full CI disk cannot delete what another test recorded; the watermark's own tests turn it on.
    /// </summary>
    protected virtual long MinimumFreeBytes => 0;

    /// <summary>ApplianceOptions.ExportBytesPerSecond: unlimited by default; the export tests slow exports down to stop one mid-way.</summary>
    protected virtual long ExportBytesPerSecond => 0;

    /// <summary>Storage bindings: tokens "local" and "1" under the data directory by default.</summary>
    protected virtual IReadOnlyDictionary<string, string> Storages => new Dictionary<string, string>
    {
        ["local"] = new Uri(Path.Combine(DataDirectory, "recordings")).AbsoluteUri,
        ["1"] = new Uri(Path.Combine(DataDirectory, "recordings-1")).AbsoluteUri,
    };

    /// <summary>How the appliance authenticates (default: SHA-256 and MD5 Digest, ±5 min UsernameToken window).</summary>
    protected virtual Nvr.Protocol.Security.AuthenticationOptions Authentication => Nvr.Protocol.Security.AuthenticationOptions.Default;

    /// <summary>Variants set further options (the console's password check, ...).</summary>
    protected virtual ApplianceOptions Configure(ApplianceOptions options) => options;

    /// <summary>The clock of the fixture's SOAP clients for UsernameToken Created (null: the system's UTC).</summary>
    protected virtual Func<DateTime>? ClientClock => null;

    public ApplianceHost Host => _host ?? throw new InvalidOperationException("not started");

    public virtual Task InitializeAsync() => StartHostAsync();

    /// <summary>Stops the appliance and starts it again on the same data directory (new ports; the clients follow).</summary>
    public async Task RestartAsync()
    {
        await DisposeClientsAsync();
        await Host.DisposeAsync();
        _host = null;
        await StartHostAsync();
    }

    private async Task StartHostAsync()
    {
        _host = await ApplianceHost.StartAsync(
            Configure(new ApplianceOptions
            {
                DataDirectory = DataDirectory,
                Urls = ["http://127.0.0.1:0"],
                Limits = Limits,
                Notifications = Notifications,
                Storages = Storages,
                RecordingEngine = RecordingEngine,
                RetentionInterval = TimeSpan.FromSeconds(1),
                MinimumFreeBytes = MinimumFreeBytes,
                AdminUser = OnvifCredentials.Admin.Username,
                AdminPassword = OnvifCredentials.Admin.Password,
                Authentication = Authentication,
                ExportBytesPerSecond = ExportBytesPerSecond,
                RtspPort = 0,
                RtspAddress = System.Net.IPAddress.Loopback,
            }),
            logging => logging.AddFilter(_ => false));
        RecordingUrl = _host.ServiceUrls[0];
        Recording = new OnvifSoapClient(RecordingUrl, OnvifSoapClient.Trc, Capture, clock: ClientClock);
        Receiver = new OnvifSoapClient(_host.ReceiverServiceUrls[0], OnvifSoapClient.Trv, Capture, clock: ClientClock);
        Schedule = new OnvifSoapClient(_host.ScheduleServiceUrls[0], OnvifSoapClient.Tsc, Capture, clock: ClientClock);
        Device = new OnvifSoapClient(_host.DeviceServiceUrls[0], OnvifSoapClient.Tds, Capture, clock: ClientClock);
        Events = new OnvifSoapClient(_host.EventServiceUrls[0], OnvifSoapClient.Tev, Capture, clock: ClientClock);
        Replay = new OnvifSoapClient(_host.ReplayServiceUrls[0], OnvifSoapClient.Trp, Capture, clock: ClientClock);
    }

    public virtual async Task DisposeAsync()
    {
        await DisposeClientsAsync();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await DirectoryCleanup.DeleteAsync(DataDirectory);
    }

    private async Task DisposeClientsAsync()
    {
        await Recording.DisposeAsync();
        await Receiver.DisposeAsync();
        await Schedule.DisposeAsync();
        await Device.DisposeAsync();
        await Events.DisposeAsync();
        await Replay.DisposeAsync();
    }
}
