using System.Globalization;
using System.Net;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Testing;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// The appliance with its recording engine next to the GStreamer RTSP camera (tests/peers), its wall clock a
/// <see cref="SteppableWallClock"/>: the test steps the appliance's UTC as NTP or an RTC correction steps a host's,
/// while its monotonic clock and timers run on. The camera's clock (its RTCP sender reports) is not stepped, as a
/// camera's is not when the recorder's host steps. The fixture's SOAP clients sign with the appliance's time (an
/// ONVIF client synchronised by GetSystemDateAndTime); <see cref="UnsyncedClient"/> signs with the system's.
/// </summary>
public sealed class HostClockStepFixture : EngineApplianceFixture
{
    private readonly HttpClient _http = new();

    public SteppableWallClock Clock { get; } = new();

    protected override string ValidationLabel => "clock-step";

    protected override Func<DateTime>? ClientClock => () => DateTime.UtcNow + Clock.Offset;

    protected override ApplianceOptions Configure(ApplianceOptions options) => options with { Time = Clock };

    /// <summary>A client of <paramref name="serviceUrl"/> whose UsernameToken Created is the given clock's time (default: the system's).</summary>
    public OnvifSoapClient ClientOf(string serviceUrl, string ns, Func<DateTime>? clock = null, OnvifCredentials? credentials = null) =>
        new(serviceUrl, ns, Capture, credentials, clock);

    /// <summary>The device's UTC as an unauthenticated GetSystemDateAndTime answers it (what an ONVIF client synchronises to).</summary>
    public async Task<DateTime> DeviceUtcAsync()
    {
        await using var device = ClientOf(Host.DeviceServiceUrls[0], OnvifSoapClient.Tds, credentials: OnvifSoapClient.Anonymous);
        var utc = (await device.CallAsync("GetSystemDateAndTime")).Descendants(Wire.Tt + "UTCDateTime").Single();
        int Part(string parent, string name) => int.Parse(utc.Element(Wire.Tt + parent)!.Element(Wire.Tt + name)!.Value, CultureInfo.InvariantCulture);
        return new DateTime(Part("Date", "Year"), Part("Date", "Month"), Part("Date", "Day"), Part("Time", "Hour"), Part("Time", "Minute"), Part("Time", "Second"), DateTimeKind.Utc);
    }

    /// <summary>/metrics, parsed strictly (each scrape also compares the wall clock with the monotonic one).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var response = await _http.GetAsync(new Uri(new Uri(Host.BaseUrls[0]), "/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    public override async Task DisposeAsync()
    {
        _http.Dispose();
        await base.DisposeAsync();
    }
}
