using System.Globalization;
using System.Net;
using System.Text.Json;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Index;
using PuppeteerSharp;
using Xunit.Abstractions;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>
/// The console's live view, camera events and range download in Debian's headless Chromium (PuppeteerSharp on
/// /usr/bin/chromium): a camera whose metadata stream reports motion (simulated, its events kept in the index's
/// recorded_events) shows an event tick per stored event and a span where motion was true; a shift+drag selection of
/// its recorded range downloads as an MP4 ffprobe reads cleanly, of about the selected length; the GStreamer camera plays
/// live through the live relay (currentTime advances, frames decoded, no media error; latency from the frame's arrival at
/// the appliance to the browser's buffer measured and written to the artifacts); after a restart of the appliance the
/// download is still listed, Completed, and its file served.
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class ConsoleLiveBrowserTests(ConsoleApplianceFixture fixture, ITestOutputHelper output) : IClassFixture<ConsoleApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Live_view_plays_camera_events_are_marked_and_a_selected_range_downloads_and_outlives_a_restart()
    {
        Directory.CreateDirectory(ConsoleBrowserTests.ArtifactDirectory);
        await using var motion = MotionCamera.Start("VSC_CONSOLE");
        using var segments = new EventCollector<SegmentRecordedEvent>(fixture.Host.Control.System);
        var events = await RecordAsync("motion", motion.Uri.ToString(), ("video", "VIDEO001"), ("metadata", "META001"));
        var gate = await RecordAsync("gate-live", fixture.RtspUrl("h264"), ("video", "VIDEO001"));

        await using var browser = await ConsoleBrowser.LaunchAsync();
        await using var page = await ConsoleBrowser.LogInAsync(browser, fixture.BaseUrl);

        // camera events: the recording's metadata track holds at least three motion events once ~8 s are recorded
        var recorded = TimeSpan.Zero;
        while (recorded < TimeSpan.FromSeconds(8))
        {
            var segment = segments.Next(s => s.RecordingToken == events && s.Stored, Patience);
            recorded += segment.EndUtc - segment.StartUtc;
        }

        await WaitForEventsAsync(events, 3);
        await page.EvaluateExpressionAsync($"document.querySelector('#cameras tr[data-recording=\"{events}\"] .open-timeline').click()");
        await page.ClickAsync("#zoom-1m");
        await ConsoleBrowser.UntilAsync(page, "() => document.getElementById('window').textContent.startsWith('1 min') && document.querySelectorAll('#timeline .marker-event').length >= 3 && document.querySelector('#timeline .range')");
        var timeline = JsonDocument.Parse(await page.EvaluateFunctionAsync<string>(
            "async () => JSON.stringify(await api('GET', `/api/recordings/" + events + "/timeline?from=${new Date(timeline.to - timeline.span).toISOString()}&to=${new Date(timeline.to).toISOString()}`))")).RootElement;
        var shown = timeline.GetProperty("events").EnumerateArray().ToList();
        using (var index = new RecordedRangeIndex(Path.Combine(fixture.DataDirectory, "index.db")))
        {
            var stored = index.GetEventsBetween(events, timeline.GetProperty("from").GetDateTimeOffset(), timeline.GetProperty("to").GetDateTimeOffset());
            Assert.Equal(stored.Select(e => e.Utc), shown.Select(e => e.GetProperty("time").GetDateTimeOffset()));
            Assert.Equal(stored.Select(e => e.Data.Single(i => i.Name == "IsMotion").Value == "true"), shown.Select(e => e.GetProperty("state").GetBoolean()));
            Assert.All(shown, e => Assert.Equal(("tns1:RuleEngine/CellMotionDetector/Motion", "META001"), (e.GetProperty("topic").GetString(), e.GetProperty("track").GetString())));
        }

        await page.EvaluateExpressionAsync("loadTimeline()"); // the same window as the JSON above
        await ConsoleBrowser.UntilAsync(page, $"() => document.querySelectorAll('#timeline .marker-event').length === {shown.Count}");
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#timeline .event-span').length") >= 1, "no span where motion was true");
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#timeline .marker-recording.marker-on').length") >= 1, "no recording-start marker");

        // a range selected with shift+drag over the middle of the recorded range downloads as a clean MP4
        var range = await (await page.QuerySelectorAsync("#timeline .range"))!.BoundingBoxAsync();
        var y = range.Y + (range.Height / 2);
        await page.Keyboard.DownAsync("Shift");
        await page.Mouse.MoveAsync(range.X + (range.Width * 0.1m), y);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(range.X + (range.Width * 0.5m), y, new PuppeteerSharp.Input.MoveOptions { Steps = 5 });
        await page.Mouse.MoveAsync(range.X + (range.Width * 0.9m), y, new PuppeteerSharp.Input.MoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await page.Keyboard.UpAsync("Shift");
        var selection = await page.EvaluateExpressionAsync<double[]>("[timeline.selection.from, timeline.selection.to]");
        var selected = TimeSpan.FromMilliseconds(selection[1] - selection[0]);
        Assert.True(selected > TimeSpan.FromSeconds(2), $"selected {selected}");
        Assert.True(await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#timeline .selection').length") == 1, "the selection is not drawn");
        Assert.True(await page.EvaluateExpressionAsync<bool>("window.nvrPlayer === undefined"), "selecting started playback"); // shift+drag selects, it does not play
        await page.ClickAsync("#download");
        await ConsoleBrowser.UntilAsync(page, "() => [...document.querySelectorAll('#downloads tbody tr')].some(r => r.querySelector('.download-state').textContent === 'Completed' && r.querySelector('a[href]'))");
        await page.ScreenshotAsync(Path.Combine(ConsoleBrowserTests.ArtifactDirectory, "5-events-selection-download.png"));
        var downloads = await DownloadsAsync(page);
        var download = Assert.Single(downloads.EnumerateArray());
        Assert.Equal(selection[0], download.GetProperty("from").GetDateTimeOffset().ToUnixTimeMilliseconds(), 1.0);
        Assert.Equal(selection[1], download.GetProperty("to").GetDateTimeOffset().ToUnixTimeMilliseconds(), 1.0);
        var url = download.GetProperty("files")[0].GetProperty("url").GetString()!;
        var file = Path.Combine(fixture.DataDirectory, "selected.mp4");
        var bytes = await FetchAsync(page, fixture.BaseUrl, url);
        await File.WriteAllBytesAsync(file, bytes);
        Assert.Contains("h264", await FrameJudge.ProbeCleanAsync(file));
        var frames = await ExportJudge.VideoFramesAsync(file);
        var duration = TimeSpan.FromSeconds(frames[^1].PtsSeconds - frames[0].PtsSeconds);
        output.WriteLine($"selected {selected.TotalSeconds:F2} s, downloaded {frames.Count} frames over {duration.TotalSeconds:F2} s");
        Assert.True(duration > selected - TimeSpan.FromSeconds(1.5) && duration < selected + TimeSpan.FromSeconds(1.5), $"selected {selected}, the file lasts {duration}");

        // live view of the GStreamer camera through the live relay
        await page.EvaluateExpressionAsync($"document.querySelector('#cameras tr[data-recording=\"{gate}\"] .open-timeline').click()");
        await page.ClickAsync("#live");
        await ConsoleBrowser.UntilAsync(page, "() => window.nvrPlayer && window.nvrPlayer.relay && document.getElementById('player').currentTime > 1");
        var startedAt = await page.EvaluateExpressionAsync<double>("document.getElementById('player').currentTime");
        await ConsoleBrowser.UntilAsync(page, $"() => document.getElementById('player').currentTime > {(startedAt + 8).ToString(CultureInfo.InvariantCulture)}");
        var decoded = await page.EvaluateExpressionAsync<int>("document.getElementById('player').getVideoPlaybackQuality().totalVideoFrames");
        var mediaError = await page.EvaluateExpressionAsync<int>("document.getElementById('player').error ? document.getElementById('player').error.code : 0");
        var latencies = await LatenciesAsync(page);
        var behind = await page.EvaluateExpressionAsync<double>("(() => { const v = document.getElementById('player'); return Date.now() - (window.nvrPlayer.start + v.currentTime * 1000); })()");
        await page.ScreenshotAsync(Path.Combine(ConsoleBrowserTests.ArtifactDirectory, "6-live.png"));
        Assert.Empty(await page.EvaluateExpressionAsync<string[]>("window.nvrPlayer.errors"));
        Assert.Equal(0, mediaError);
        Assert.True(decoded > 150, $"{decoded} frames decoded live"); // ≥ 8 s of 25 fps video, less what a seek skips
        Assert.NotEmpty(latencies);
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Floor(p * latencies.Count))];
        var report = $"live latency, a frame's arrival at the appliance to the browser's buffer, over {latencies.Count} frames: " +
            $"median {Percentile(0.5):F0} ms, p95 {Percentile(0.95):F0} ms, max {latencies[^1]:F0} ms; playing {behind:F0} ms behind arrival; {decoded} frames decoded";
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(ConsoleBrowserTests.ArtifactDirectory, "live-latency.txt"), report + "\n");
        Assert.True(Percentile(0.5) < 500, report);

        // the kept list of downloads outlives a restart of the appliance, the file still served
        await page.EvaluateExpressionAsync("window.nvrPlayer.stop()");
        await fixture.RestartAsync();
        using var client = fixture.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync("admin", ConsoleApplianceFixture.AdminPassword)).StatusCode);
        var kept = Assert.Single((await client.GetJsonAsync("/api/downloads")).EnumerateArray());
        Assert.Equal((download.GetProperty("id").GetString(), "Completed", events), (kept.GetProperty("id").GetString(), kept.GetProperty("status").GetString(), kept.GetProperty("recording").GetString()));
        Assert.Equal(url, kept.GetProperty("files")[0].GetProperty("url").GetString());
        Assert.Equal(bytes, await client.Http.GetByteArrayAsync(url));
        using var other = fixture.NewClient();
        await other.LoginAsync("viewer", ConsoleApplianceFixture.ViewerPassword);
        Assert.Empty((await other.GetJsonAsync("/api/downloads")).EnumerateArray()); // only the user who started it sees it
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(url)).StatusCode);
    }

    /// <summary>
    /// Per frame (after the first second), the time from its arrival at the appliance (the stream's log, the
    /// appliance's clock) to the browser's buffer holding its fragment (the page's note after each append, the
    /// browser's clock: the same host's), in ms, sorted.
    /// </summary>
    private async Task<List<double>> LatenciesAsync(IPage page)
    {
        var stream = await page.EvaluateExpressionAsync<string>("window.nvrPlayer.stream");
        var received = await page.EvaluateExpressionAsync<double[][]>("window.nvrPlayer.received");
        var sent = fixture.Host.ConsoleLive.Of(stream);
        Assert.NotEmpty(sent);
        var latencies = new List<double>();
        var next = 0;
        foreach (var note in received)
        {
            for (; next < sent.Count && sent[next].EndByte <= note[0]; next++)
            {
                latencies.Add(note[1] - sent[next].FrameArrival.ToUnixTimeMilliseconds());
            }
        }

        return latencies.Skip(25).Order().ToList();
    }

    /// <summary>A recording of <paramref name="uri"/> with an Active job over SOAP (2 s segments, local storage).</summary>
    private async Task<string> RecordAsync(string name, string uri, params (string Tag, string Destination)[] tracks)
    {
        var recording = (await fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration(name, target: Target("MP4", "PT2S", storage: "local", postfix: "console-" + name))))
            .Text(Wire.Trc + "RecordingToken");
        var receiver = (await fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", uri))).Text(Wire.Tt + "Token");
        await fixture.Recording.CallAsync("CreateRecordingJob", Job(recording, "Active", 1, ReceiverSource(receiver, tracks)));
        return recording;
    }

    private async Task WaitForEventsAsync(string recording, int count)
    {
        using var index = new RecordedRangeIndex(Path.Combine(fixture.DataDirectory, "index.db"));
        var deadline = DateTime.UtcNow + Patience;
        while (index.GetEventsBetween(recording, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} camera events were stored");
            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> DownloadsAsync(IPage page) =>
        JsonDocument.Parse(await page.EvaluateFunctionAsync<string>("async () => JSON.stringify(await api('GET', '/api/downloads'))")).RootElement;

    /// <summary>The file through the browser's session (its cookie), as the link's click would fetch it.</summary>
    private static async Task<byte[]> FetchAsync(IPage page, string baseUrl, string url)
    {
        var cookies = new CookieContainer();
        foreach (var cookie in await page.GetCookiesAsync(baseUrl))
        {
            cookies.Add(new Uri(baseUrl), new Cookie(cookie.Name, cookie.Value));
        }

        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(baseUrl) };
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
