using Nvr.Protocol.Tests.Infrastructure;
using PuppeteerSharp;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>
/// The console in Debian's headless Chromium (PuppeteerSharp on /usr/bin/chromium, no browser download): log in,
/// add a GStreamer RTSP camera, see it turn Active, open its timeline after ~25 s of recording, click into the
/// recorded range and see the video play (currentTime advances, frames decoded, no media error) across a segment
/// boundary, stop the recording and see the state change. Screenshots go to the test output (artifacts).
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleApplianceFixture fixture) : IClassFixture<ConsoleApplianceFixture>
{
    private const string GateRow = "[...document.querySelectorAll('#cameras tbody tr')].find(r => r.cells[0].textContent === 'gate')";

    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static string ArtifactDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "console");

    [Fact]
    public async Task Log_in_add_a_camera_watch_the_timeline_play_and_stop()
    {
        Assert.True(File.Exists(Chromium), "Debian's chromium is needed (apt-get install chromium)");
        Directory.CreateDirectory(ArtifactDirectory);
        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--mute-audio", "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--disable-background-networking"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });
        var consoleErrors = new List<string>();
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                consoleErrors.Add($"{e.Message.Text} ({e.Message.Location?.URL})");
            }
        };

        // anonymous: the console sends the browser to the login page
        await page.GoToAsync(fixture.BaseUrl + "/console/");
        Assert.EndsWith("/console/login", page.Url, StringComparison.Ordinal);
        await page.TypeAsync("#user", "admin");
        await page.TypeAsync("#password", ConsoleApplianceFixture.AdminPassword);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("#login-button"));
        Assert.EndsWith("/console/", page.Url, StringComparison.Ordinal);
        await UntilAsync(page, "() => document.getElementById('who').textContent.includes('admin')");

        using var segments = new EventCollector<Nvr.Control.Events.SegmentRecordedEvent>(fixture.Host.Control.System);
        await page.TypeAsync("#cam-name", "gate");
        await page.TypeAsync("#cam-uri", fixture.RtspUrl("h264"));
        await page.EvaluateExpressionAsync("document.getElementById('cam-segment').value = '4'");
        await page.ClickAsync("#cam-add");
        await UntilAsync(page, "() => [...document.querySelectorAll('#cameras tbody tr')].some(r => r.cells[0].textContent === 'gate' && r.querySelector('.state').textContent === 'Active')");
        await page.ScreenshotAsync(Path.Combine(ArtifactDirectory, "1-cameras-active.png"));

        // ~25 s of recording (4 s segments): the recorded-range index fills; the camera list is pushed, not polled
        var recordedPerRecording = new Dictionary<string, TimeSpan>();
        while (true)
        {
            var segment = segments.Next(_ => true, Patience);
            var total = recordedPerRecording.GetValueOrDefault(segment.RecordingToken) + (segment.EndUtc - segment.StartUtc);
            recordedPerRecording[segment.RecordingToken] = total;
            if (total >= TimeSpan.FromSeconds(24))
            {
                break;
            }
        }

        await page.EvaluateExpressionAsync(GateRow + ".querySelector('.open-timeline').click()"); // this test's camera, whatever other tests added
        await page.WaitForSelectorAsync("#timeline .range", new WaitForSelectorOptions { Timeout = (int)Patience.TotalMilliseconds });
        await page.ClickAsync("#zoom-1m");
        await UntilAsync(page, "() => document.getElementById('window').textContent.startsWith('1 min')");
        await page.WaitForSelectorAsync("#timeline .range");
        var range = await (await page.QuerySelectorAsync("#timeline .range"))!.BoundingBoxAsync();
        Assert.NotNull(range);
        Assert.True(range!.Width > 50, $"the recorded range is {range.Width} px wide");

        // click a third into the range: playback starts at the key frame at or before that instant
        await page.Mouse.ClickAsync(range.X + (range.Width / 3), range.Y + (range.Height / 2));
        await UntilAsync(page, "() => window.nvrPlayer && window.nvrPlayer.appended >= 2 && document.getElementById('player').currentTime > 0");
        var boundary = await page.EvaluateExpressionAsync<double>("window.nvrPlayer.boundaries[0]");
        var start = await page.EvaluateExpressionAsync<double>("document.getElementById('player').currentTime");
        await UntilAsync(page, $"() => document.getElementById('player').currentTime > {boundary.ToString(System.Globalization.CultureInfo.InvariantCulture)} + 2");
        var frames = await page.EvaluateExpressionAsync<int>("document.getElementById('player').getVideoPlaybackQuality().totalVideoFrames");
        var errors = await page.EvaluateExpressionAsync<string[]>("window.nvrPlayer.errors");
        var mediaError = await page.EvaluateExpressionAsync<int>("document.getElementById('player').error ? document.getElementById('player').error.code : 0");
        await page.ScreenshotAsync(Path.Combine(ArtifactDirectory, "2-timeline-playing.png"));
        Assert.True(frames > 25, $"{frames} frames decoded from {start} s to past the boundary at {boundary} s"); // ≥ 2 s of 25 fps video
        Assert.Empty(errors);
        Assert.Equal(0, mediaError);
        Assert.True(start < boundary, $"playback started at {start} s, not before the first segment boundary {boundary} s");

        // the recording history markers (FindEvents' data) are drawn; the download button exports the window as MP4
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#timeline .marker-recording.marker-on').length") >= 1, "no recording-start marker on the timeline");
        await page.ClickAsync("#download");
        await UntilAsync(page, "() => document.querySelector('#download-status a[href]') !== null");
        Assert.Equal(200, await page.EvaluateFunctionAsync<int>("async () => (await fetch(document.querySelector('#download-status a').href)).status"));

        // follow: from the newest segment on, the next segments are appended as they are recorded
        await page.ClickAsync("#follow");
        await UntilAsync(page, "() => window.nvrPlayer && window.nvrPlayer.live && window.nvrPlayer.appended > window.nvrPlayer.initial");
        Assert.Empty(await page.EvaluateExpressionAsync<string[]>("window.nvrPlayer.errors"));

        // stop recording: the state change arrives over the event stream
        await page.EvaluateExpressionAsync(GateRow + ".querySelector('.toggle').click()");
        await UntilAsync(page, "() => [...document.querySelectorAll('#cameras tbody tr')].some(r => r.cells[0].textContent === 'gate' && r.querySelector('.state').textContent === 'Idle')");
        await page.ScreenshotAsync(Path.Combine(ArtifactDirectory, "3-stopped.png"));
        var jobs = await fixture.Recording.CallAsync("GetRecordingJobs");
        Assert.Equal("Idle", jobs.Descendants(Infrastructure.Wire.Tt + "Mode").Single().Value); // the same job through ONVIF

        await page.GoToAsync(fixture.BaseUrl + "/console/#storage");
        await UntilAsync(page, "() => document.querySelectorAll('#storages tbody tr').length > 0");
        await page.ScreenshotAsync(Path.Combine(ArtifactDirectory, "4-storage.png"));
        Assert.Empty(consoleErrors);
    }

    /// <summary>Awaits <paramref name="condition"/> in the page; a timeout names the condition that never held.</summary>
    private static async Task UntilAsync(IPage page, string condition)
    {
        try
        {
            await page.WaitForFunctionAsync(condition, Wait());
        }
        catch (WaitTaskTimeoutException)
        {
            await page.ScreenshotAsync(Path.Combine(ArtifactDirectory, "timeout.png"));
            var player = await page.EvaluateExpressionAsync<string>(
                "JSON.stringify({ player: window.nvrPlayer || null, currentTime: document.getElementById('player').currentTime, paused: document.getElementById('player').paused, readyState: document.getElementById('player').readyState })");
            throw new Xunit.Sdk.XunitException($"within {Patience.TotalSeconds} s this never held in the page: {condition}; player: {player} (screenshot: timeout.png)");
        }
    }

    private static WaitForFunctionOptions Wait() => new() { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 100 };
}
