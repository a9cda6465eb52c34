using System.Net;
using System.Text.Json;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>
/// The console's JSON API over real HTTP against a real GStreamer camera: pages and API refuse anonymous use, the
/// login checks the appliance's users, changes need the CSRF token and an Operator/Administrator, a camera added
/// with credentials records (state pushed by SSE), its timeline and playback plan come from the index, no secret
/// comes back.
/// </summary>
public sealed class ConsoleApiTests(ConsoleApplianceFixture fixture) : IClassFixture<ConsoleApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Anonymous_use_is_refused_and_a_wrong_password_is_counted()
    {
        using var anonymous = fixture.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/cameras")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/recordings/REC0001/live")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/api/downloads")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/console/assets/console.js")).StatusCode);
        var page = await anonymous.Http.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/console/login", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "x", uri = "rtsp://127.0.0.1/x" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.LoginAsync("admin", "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.LoginAsync("nobody", ConsoleApplianceFixture.AdminPassword)).StatusCode);
        var metrics = PrometheusText.Parse(await anonymous.Http.GetStringAsync("/metrics"));
        Assert.Equal(2, metrics.Single(s => s.Name == "nvr_auth_failures_total" && s.Labels["mechanism"] == "console").Value);
    }

    [Fact]
    public async Task A_viewer_sees_but_cannot_change_and_changes_need_the_csrf_token()
    {
        using var viewer = fixture.NewClient();
        var login = await viewer.LoginAsync("viewer", ConsoleApplianceFixture.ViewerPassword);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Array, (await viewer.GetJsonAsync("/api/cameras")).ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await viewer.Http.GetAsync("/console/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "x", uri = fixture.RtspUrl("h264") })).StatusCode);

        using var admin = fixture.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.LoginAsync("admin", ConsoleApplianceFixture.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "x", uri = fixture.RtspUrl("h264") }, withCsrf: false)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "x", uri = "http://not-rtsp/" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Post, "/api/logout")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.Http.GetAsync("/api/cameras")).StatusCode);
    }

    [Fact]
    public async Task What_a_level_may_do_in_the_console_follows_the_device_access_policy()
    {
        using var viewer = fixture.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await viewer.LoginAsync("viewer", ConsoleApplianceFixture.ViewerPassword)).StatusCode);
        Assert.False((await viewer.GetJsonAsync("/api/session")).GetProperty("mayChange").GetBoolean());
        try
        {
            // ACTUATE granted to User: the viewer's change passes the access check (and is refused only for its bad URI).
            await fixture.Device.CallAsync("SetAccessPolicy", AccessPolicyTests.PolicyFile(AccessPolicyTests.Document(("ACTUATE", "Administrator Operator User"))));
            Assert.True((await viewer.GetJsonAsync("/api/session")).GetProperty("mayChange").GetBoolean());
            Assert.Equal(HttpStatusCode.BadRequest, (await viewer.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "x", uri = "http://not-rtsp/" })).StatusCode);

            // READ_MEDIA taken from User: the viewer may not even list the cameras.
            await fixture.Device.CallAsync("SetAccessPolicy", AccessPolicyTests.PolicyFile(AccessPolicyTests.Document(("READ_MEDIA", "Administrator Operator"))));
            var refused = await viewer.Http.GetAsync("/api/cameras");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("READ_MEDIA", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Device.CallAsync("SetAccessPolicy", AccessPolicyTests.PolicyFile(AccessPolicyTests.Document()));
        }

        Assert.Equal(JsonValueKind.Array, (await viewer.GetJsonAsync("/api/cameras")).ValueKind);
    }

    [Fact]
    public async Task A_camera_added_in_the_console_records_and_plays_back_from_the_index()
    {
        using var admin = fixture.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await admin.LoginAsync("admin", ConsoleApplianceFixture.AdminPassword)).StatusCode);
        using var events = await admin.Http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await events.Content.ReadAsStreamAsync());
        using var segments = new EventCollector<SegmentRecordedEvent>(fixture.Host.Control.System);

        // the GStreamer peer's Digest-protected path: the credentials go into the receiver, never back out
        var added = await admin.SendAsync(HttpMethod.Post, "/api/cameras", new { name = "door", uri = fixture.RtspUrl("h264-auth"), username = "user", password = "pass", segmentSeconds = 2 });
        var addedText = await added.Content.ReadAsStringAsync();
        Assert.True(added.StatusCode == HttpStatusCode.Created, addedText);
        var camera = JsonDocument.Parse(addedText).RootElement;
        var recording = camera.GetProperty("recording").GetString()!;
        var job = camera.GetProperty("job").GetString()!;
        Assert.Equal("Active", camera.GetProperty("mode").GetString());

        await NextEventAsync(stream, e => e.GetProperty("type").GetString() == "job" && e.GetProperty("job").GetString() == job && e.GetProperty("state").GetString() == "Active");
        var list = await admin.Http.GetStringAsync("/api/cameras");
        Assert.DoesNotContain("user:pass", list, StringComparison.Ordinal);
        Assert.DoesNotContain("user:pass", addedText, StringComparison.Ordinal);
        var listed = JsonDocument.Parse(list).RootElement.EnumerateArray().Single(c => c.GetProperty("recording").GetString() == recording);
        Assert.Equal("Active", listed.GetProperty("state").GetString());
        Assert.Equal(fixture.RtspUrl("h264-auth"), listed.GetProperty("source").GetString());

        // the same job seen through ONVIF (schema-validated when the fixture ends)
        var onvifState = (await fixture.Recording.CallAsync("GetRecordingJobState", Infrastructure.RequestXml.Token("JobToken", job))).Element(Wire.Trc + "State")!;
        Assert.Equal("Active", onvifState.Element(Wire.Tt + "State")!.Value);

        var first = segments.Next(s => s.RecordingToken == recording, Patience);
        segments.Next(s => s.RecordingToken == recording, Patience);
        var from = first.StartUtc.AddMinutes(-1).ToString("O");
        var to = DateTime.UtcNow.AddMinutes(1).ToString("O");
        var timeline = await admin.GetJsonAsync($"/api/recordings/{recording}/timeline?from={from}&to={to}");
        var range = Assert.Single(timeline.GetProperty("ranges").EnumerateArray());
        Assert.True(range.GetProperty("start").GetDateTimeOffset() <= first.StartUtc.AddMilliseconds(1));

        var at = first.StartUtc.AddSeconds(1);
        var plan = await admin.GetJsonAsync($"/api/recordings/{recording}/playback?at={at:O}");
        Assert.StartsWith("video/mp4; codecs=\"avc1.", plan.GetProperty("mimeType").GetString(), StringComparison.Ordinal);
        Assert.Contains("mp4a.40.2", plan.GetProperty("mimeType").GetString(), StringComparison.Ordinal);
        var planned = plan.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(first.Key, planned[0].GetProperty("key").GetString());
        Assert.True(planned.Count >= 2);
        var bytes = await admin.Http.GetByteArrayAsync(planned[0].GetProperty("url").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(fixture.RecordingsDirectory, first.Key)), bytes);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync("/api/media?storage=local&key=..%2F..%2Fcontrol.db")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Post, $"/api/cameras/{recording}/mode", new { mode = "Idle" })).StatusCode);
        await NextEventAsync(stream, e => e.GetProperty("type").GetString() == "job" && e.GetProperty("job").GetString() == job && e.GetProperty("state").GetString() == "Idle");

        var storage = await admin.GetJsonAsync("/api/storage");
        Assert.True(storage.GetProperty("storages").EnumerateArray().Single(s => s.GetProperty("token").GetString() == "local").GetProperty("usedBytes").GetInt64() >= first.Bytes);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/api/cameras/{recording}")).StatusCode);
        var remaining = JsonDocument.Parse(await admin.Http.GetStringAsync("/api/cameras")).RootElement;
        Assert.DoesNotContain(remaining.EnumerateArray(), c => c.GetProperty("recording").GetString() == recording);
    }

    private static async Task NextEventAsync(StreamReader stream, Func<JsonElement, bool> match)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var seen = new List<string>();
        try
        {
            while (await stream.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                if (line.StartsWith("data: ", StringComparison.Ordinal) && match(JsonDocument.Parse(line[6..]).RootElement))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no matching event within {Patience}; seen:\n{string.Join('\n', seen)}");
        }

        throw new Xunit.Sdk.XunitException("the event stream ended; seen:\n" + string.Join('\n', seen));
    }
}
