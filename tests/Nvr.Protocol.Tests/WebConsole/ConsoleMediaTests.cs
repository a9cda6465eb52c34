using System.Net;
using System.Text;
using System.Text.Json;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>
/// The console's media API against recordings made over SOAP from the GStreamer camera: encrypted (CENC, CBCS)
/// segments played back decrypted on the server (ffprobe clean, no protected sample entry, the decoded frames equal
/// to ffmpeg's own -decryption_key decoding of the stored object, no key in any answer), S3-stored segments read
/// back from s3rver, the download button's export (ExportRecordedData) served as an MP4, and the timeline's
/// recording-history markers (FindEvents' data) matching the index.
/// </summary>
public sealed class ConsoleMediaTests(ConsoleS3ApplianceFixture fixture) : IClassFixture<ConsoleS3ApplianceFixture>
{
    private const string Kid = "00112233445566778899aabbccddeeff";
    private const string Key = "0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_encrypted_recording_plays_decrypted_downloads_as_mp4_and_shows_its_history_markers()
    {
        var (recording, segments) = await fixture.RecordIndexedSegmentsAsync("console-cenc", Target("MP4", "PT2S", Encryption("CENC", Kid, Key), storage: "local"), 3, Patience);
        using var admin = await LoginAsync("admin", ConsoleApplianceFixture.AdminPassword);

        var planText = await TextAsync(admin, $"/api/recordings/{recording}/playback?at={segments[0].StartUtc.AddSeconds(0.5):O}");
        var plan = JsonDocument.Parse(planText).RootElement;
        Assert.True(plan.GetProperty("decrypted").GetBoolean());
        Assert.StartsWith("video/mp4; codecs=\"avc1.", plan.GetProperty("mimeType").GetString(), StringComparison.Ordinal);
        Assert.Contains("mp4a.40.2", plan.GetProperty("mimeType").GetString(), StringComparison.Ordinal);
        AssertNoKey(planText);
        var planned = plan.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(segments.Select(s => s.Key), planned.Select(p => p.GetProperty("key").GetString()));
        using var work = new TempDirectory("nvr-console-media");
        var recordedFrames = new List<string>();
        foreach (var (segment, entry) in segments.Zip(planned))
        {
            recordedFrames.AddRange(await AssertServedClearAsync(admin, entry.GetProperty("url").GetString()!, Path.Combine(fixture.RecordingsDirectory, segment.Key), work.Path, ["aac", "h264"]));
        }

        // a User-level viewer may watch (READ_MEDIA); nobody anonymous may
        using var viewer = await LoginAsync("viewer", ConsoleApplianceFixture.ViewerPassword);
        Assert.Equal(HttpStatusCode.OK, (await viewer.Http.GetAsync(planned[0].GetProperty("url").GetString())).StatusCode);
        using var anonymous = fixture.NewClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync(planned[0].GetProperty("url").GetString())).StatusCode);

        // the timeline's markers are the recording history FindEvents reports, from the index
        using var index = new Nvr.Storage.Index.RecordedRangeIndex(Path.Combine(fixture.DataDirectory, "index.db"));
        var rows = index.GetRecordingSegments(recording);
        var timelineText = await admin.Http.GetStringAsync($"/api/recordings/{recording}/timeline?from={segments[0].StartUtc.AddMinutes(-1):O}&to={DateTime.UtcNow.AddMinutes(1):O}");
        AssertNoKey(timelineText);
        var markers = JsonDocument.Parse(timelineText).RootElement.GetProperty("markers").EnumerateArray().ToList();
        var recordingMarkers = markers.Where(m => m.GetProperty("topic").GetString() == "tns1:RecordingHistory/Recording/State").ToList();
        Assert.Equal(2, recordingMarkers.Count);
        Assert.True(recordingMarkers[0].GetProperty("state").GetBoolean());
        Assert.Equal(rows.Min(r => r.Start), recordingMarkers[0].GetProperty("time").GetDateTimeOffset());
        Assert.False(recordingMarkers[1].GetProperty("state").GetBoolean());
        Assert.Equal(rows.Max(r => r.End), recordingMarkers[1].GetProperty("time").GetDateTimeOffset());
        foreach (var track in rows.Select(r => r.Track).Distinct())
        {
            var trackMarkers = markers.Where(m => m.GetProperty("topic").GetString() == "tns1:RecordingHistory/Track/State" && m.GetProperty("track").GetString() == track).ToList();
            Assert.Equal([true, false], trackMarkers.Select(m => m.GetProperty("state").GetBoolean()));
            Assert.Equal(rows.Where(r => r.Track == track).Min(r => r.Start), trackMarkers[0].GetProperty("time").GetDateTimeOffset());
        }

        // the download button: ExportRecordedData of the selected range, progress, then the MP4 to its owner only
        var from = segments[0].StartUtc.AddSeconds(1);
        var to = segments[1].StartUtc.AddSeconds(1); // inside the recorded data, past a segment boundary
        var started = await admin.SendAsync(HttpMethod.Post, "/api/downloads", new { recording, from, to });
        var startedText = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode == HttpStatusCode.Created, startedText);
        var id = JsonDocument.Parse(startedText).RootElement.GetProperty("id").GetString()!;
        var state = await DownloadDoneAsync(admin, id);
        var file = Assert.Single(state.GetProperty("files").EnumerateArray());
        var url = file.GetProperty("url").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.Http.GetAsync(url)).StatusCode);
        var download = await admin.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var downloaded = Path.Combine(work.Path, "download.mp4");
        await File.WriteAllBytesAsync(downloaded, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(["aac", "h264"], await FrameJudge.ProbeCleanAsync(downloaded));
        Assert.DoesNotContain("encv", Encoding.ASCII.GetString(await File.ReadAllBytesAsync(downloaded)), StringComparison.Ordinal);
        var frames = await ExportJudge.VideoFramesAsync(downloaded);
        Assert.True(frames[0].Key, "the download does not start with a key frame");
        Assert.InRange(frames.Count, (int)((to - from).TotalSeconds * 25) - 2, (int)(((to - from).TotalSeconds + 2) * 25)); // from the key frame at or before from
        Assert.True(ExportJudge.IndexOfRun(recordedFrames, [.. frames.Select(f => f.Md5)]) >= 0, "the downloaded frames are not a contiguous run of the recorded frames");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.SendAsync(HttpMethod.Post, "/api/downloads", new { recording, from = to, to = from })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.SendAsync(HttpMethod.Post, "/api/downloads", new { recording, from, to }, withCsrf: false)).StatusCode);
    }

    [Fact]
    public async Task A_CBCS_recording_in_S3_plays_decrypted_from_the_bucket()
    {
        var (recording, segments) = await fixture.RecordIndexedSegmentsAsync("console-s3", Target("CMAF", "PT2S", Encryption("CBCS", Kid, Key), storage: "s3"), 2, Patience);
        var video = segments.Where(s => s.Key.EndsWith(".m4v", StringComparison.Ordinal)).ToList();
        await fixture.S3.WaitForKeysAsync(string.Empty, keys => video.All(v => keys.Contains(v.Key)), Patience);
        await fixture.WaitSpoolEmptyAsync(video, Patience);

        using var admin = await LoginAsync("admin", ConsoleApplianceFixture.AdminPassword);
        var planText = await TextAsync(admin, $"/api/recordings/{recording}/playback?at={video[0].StartUtc.AddSeconds(0.5):O}");
        var plan = JsonDocument.Parse(planText).RootElement;
        AssertNoKey(planText);
        Assert.True(plan.GetProperty("decrypted").GetBoolean());
        Assert.StartsWith("video/mp4; codecs=\"avc1.", plan.GetProperty("mimeType").GetString(), StringComparison.Ordinal);
        var planned = plan.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(video.Select(s => s.Key), planned.Select(p => p.GetProperty("key").GetString()));
        Assert.All(planned, p => Assert.Equal("s3", p.GetProperty("storage").GetString()));

        using var client = fixture.S3.CreateClient();
        using var work = new TempDirectory("nvr-console-s3");
        foreach (var (segment, entry) in video.Zip(planned))
        {
            var stored = await S3Server.DownloadAsync(client, segment.Key, Path.Combine(work.Path, "stored"));
            await AssertServedClearAsync(admin, entry.GetProperty("url").GetString()!, stored, work.Path, ["h264"]);
        }
    }

    /// <summary>The served segment is clear (ffprobe without a key, no protected entry) and decodes to the stored object's frames decrypted by ffmpeg.</summary>
    private static async Task<IReadOnlyList<string>> AssertServedClearAsync(ConsoleClient client, string url, string stored, string work, string[] codecs)
    {
        var response = await client.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.ASCII.GetString(bytes);
        Assert.DoesNotContain("encv", text, StringComparison.Ordinal);
        Assert.DoesNotContain("enca", text, StringComparison.Ordinal);
        Assert.Contains("encv", Encoding.ASCII.GetString(await File.ReadAllBytesAsync(stored)), StringComparison.Ordinal); // it was encrypted
        var served = Path.Combine(work, "served-" + Path.GetFileName(stored));
        await File.WriteAllBytesAsync(served, bytes);
        Assert.Equal(codecs, await FrameJudge.ProbeCleanAsync(served));
        var expected = await ExportJudge.VideoFramesAsync(stored, Key);
        var actual = await ExportJudge.VideoFramesAsync(served);
        Assert.Equal(expected.Select(f => f.Md5), actual.Select(f => f.Md5));
        Assert.Equal(expected.Select(f => f.Key), actual.Select(f => f.Key));
        return [.. expected.Select(f => f.Md5)];
    }

    private static async Task<string> TextAsync(ConsoleClient client, string path)
    {
        var response = await client.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }

    private static void AssertNoKey(string text)
    {
        Assert.DoesNotContain(Key, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Convert.FromHexString(Key)), text, StringComparison.Ordinal);
    }

    private async Task<ConsoleClient> LoginAsync(string user, string password)
    {
        var client = fixture.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.LoginAsync(user, password)).StatusCode);
        return client;
    }

    private static async Task<JsonElement> DownloadDoneAsync(ConsoleClient client, string id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var state = await client.GetJsonAsync($"/api/downloads/{id}");
            var status = state.GetProperty("status").GetString();
            Assert.NotEqual("Failed", status);
            if (status == "Completed")
            {
                Assert.Equal(1.0, state.GetProperty("progress").GetDouble());
                return state;
            }

            Assert.True(DateTime.UtcNow < deadline, $"download {id} did not complete: {state}");
            await Task.Delay(100); // polling the export's state (the page does the same) with a deadline
        }
    }
}
