using System.Net;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// The appliance with its recording engine for the hostile-peer and hostile-client tests: cameras are reconnected
/// quickly (0.5 s doubling to 2 s) so that a recovery costs little CI time; variants shrink further limits.
/// Responses are schema-validated at the end.
/// </summary>
public class HostileApplianceFixture : ApplianceFixture
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly HttpClient _http = new();

    public string RecordingsDirectory => Path.Combine(DataDirectory, "recordings");

    protected override bool RecordingEngine => true;

    protected virtual string ValidationLabel => "hostile";

    protected override ApplianceOptions Configure(ApplianceOptions options) =>
        options with { Reconnect = new Nvr.Pipeline.Ingest.BackoffPolicy(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)) };

    public Uri BaseUri => new(Host.BaseUrls[0]);

    /// <summary>A recording (MP4, 2 s segments, storage <paramref name="storage"/>) of the camera's video, its receiver and an Active job.</summary>
    public async Task<RecordingScenario> RecordAsync(string name, Uri camera, string storage = "local")
    {
        var target = $"<tt:Target><tt:Storage>{storage}</tt:Storage><tt:Format>MP4</tt:Format><tt:Prefix>{name}</tt:Prefix>" +
                     "<tt:Postfix>cam</tt:Postfix><tt:SpanDuration>PT1H</tt:SpanDuration><tt:SegmentDuration>PT2S</tt:SegmentDuration></tt:Target>";
        var recording = (await Recording.CallAsync("CreateRecording", RecordingConfiguration(name, target: target))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", camera.AbsoluteUri))).Text(Wire.Tt + "Token");
        var job = (await Recording.CallAsync("CreateRecordingJob", Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"))))).Text(Wire.Trc + "JobToken");
        return new RecordingScenario(recording, receiver, job);
    }

    /// <summary>The job's state as GetRecordingJobState answers it (Idle, Active, PartiallyActive, Error).</summary>
    public async Task<string> JobStateAsync(string job) =>
        (await Recording.CallAsync("GetRecordingJobState", Token("JobToken", job))).Element(Wire.Trc + "State")!.Element(Wire.Tt + "State")!.Value;

    /// <summary>/metrics, parsed strictly.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var response = await _http.GetAsync(new Uri(BaseUri, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The value of the one sample of <paramref name="name"/> with these labels (0 when there is none yet).</summary>
    public static double Metric(IReadOnlyList<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Select(s => s.Value).SingleOrDefault();

    /// <summary>Scrapes until <paramref name="done"/> holds (each scrape at most every 200 ms), failing after <see cref="Patience"/>.</summary>
    public Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(Func<IReadOnlyList<PrometheusSample>, bool> done, string what) => ScrapeUntilAsync(done, () => what);

    /// <summary>As above; <paramref name="what"/> is asked for only when the wait fails (it may describe the state then).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> ScrapeUntilAsync(Func<IReadOnlyList<PrometheusSample>, bool> done, Func<string> what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var samples = await ScrapeAsync();
            if (done(samples))
            {
                return samples;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/metrics never showed {what()} within {Patience}; " +
                string.Join(", ", samples.Where(s => s.Name.StartsWith("nvr_upload", StringComparison.Ordinal) || s.Name.StartsWith("nvr_spool", StringComparison.Ordinal)).Select(s => $"{s.Name}{{{string.Join(",", s.Labels.Values)}}}={s.Value}")));
            await Task.Delay(200); // polling an HTTP endpoint: the metric has no push channel
        }
    }

    public override async Task DisposeAsync()
    {
        _http.Dispose();
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, ValidationLabel);
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}
