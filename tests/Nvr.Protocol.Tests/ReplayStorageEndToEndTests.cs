using System.Text;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// ONVIF replay of recordings the local-disk replay of <see cref="ReplayEndToEndTests"/> does not cover, judged from
/// outside: one stored in S3 (s3rver, read back from the bucket once the spool is empty) and one CENC-encrypted on
/// local disk, and one CBCS-encrypted CMAF (video and audio objects apart) in S3. Each is recorded over SOAP from the GStreamer camera, played with GStreamer's rtspsrc in ONVIF mode,
/// and the received video must decode cleanly to exactly the recorded frames (ffmpeg framemd5 of the stored objects,
/// decrypted with -decryption_key) with each frame's recorded UTC; DESCRIBE lists both tracks, and no key is sent.
/// </summary>
[Collection(RealTimeCollection.Name)]
public sealed class ReplayStorageEndToEndTests(S3EngineApplianceFixture fixture) : IClassFixture<S3EngineApplianceFixture>
{
    private const string Kid = "00112233445566778899aabbccddeeff";
    private const string Key = "0123456789abcdef0123456789abcdef";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan UtcTolerance = TimeSpan.FromMilliseconds(0.1);

    [Fact]
    public async Task A_recording_stored_in_S3_replays_from_the_bucket_with_its_recorded_frames_and_times()
    {
        var (recording, segments) = await fixture.RecordIndexedSegmentsAsync("replay-s3", Target("MP4", "PT2S", storage: "s3", postfix: "replay-s3"), 3, Patience);
        await fixture.S3.WaitForKeysAsync(string.Empty, keys => segments.All(s => keys.Contains(s.Key)), Patience);
        await fixture.WaitSpoolEmptyAsync(segments, Patience); // so the replay reads the bucket, not the spool

        using var work = new TempDirectory("nvr-replay-s3");
        var stored = await DownloadAsync(segments, work.Path);
        var recorded = await ReplayJudge.RecordedVideoFramesAsync(segments, stored);
        await AssertReplaysAsync(recording, segments, recorded, work.Path);
    }

    [Fact]
    public async Task A_CBCS_encrypted_CMAF_recording_in_S3_replays_clear_from_the_bucket()
    {
        var (recording, segments) = await fixture.RecordIndexedSegmentsAsync("replay-s3-cbcs", Target("CMAF", "PT2S", Encryption("CBCS", Kid, Key), storage: "s3", postfix: "replay-s3-cbcs"), 3, Patience);
        await fixture.S3.WaitForKeysAsync(string.Empty, keys => segments.All(s => keys.Contains(s.Key)), Patience);
        await fixture.WaitSpoolEmptyAsync(segments, Patience);

        using var work = new TempDirectory("nvr-replay-s3-cbcs");
        var stored = await DownloadAsync(segments, work.Path);
        var video = segments.Where(s => s.Key.EndsWith(".m4v", StringComparison.Ordinal)).ToList();
        Assert.All(video, s => Assert.Contains("encv", Encoding.ASCII.GetString(File.ReadAllBytes(Path.Combine(stored, s.Key))), StringComparison.Ordinal));
        var recorded = await ReplayJudge.RecordedVideoFramesAsync(video, stored, Key);
        var uri = await AssertReplaysAsync(recording, segments, recorded, work.Path);
        await AssertSdpCarriesNoKeyAsync(uri);
    }

    [Fact]
    public async Task A_CENC_encrypted_recording_replays_clear_with_every_track_described_and_no_key_sent()
    {
        var (recording, segments) = await fixture.RecordIndexedSegmentsAsync("replay-cenc", Target("MP4", "PT2S", Encryption("CENC", Kid, Key), storage: "local", postfix: "replay-cenc"), 3, Patience);
        foreach (var segment in segments)
        {
            var bytes = Encoding.ASCII.GetString(await File.ReadAllBytesAsync(Path.Combine(fixture.RecordingsDirectory, segment.Key)));
            Assert.Contains("encv", bytes, StringComparison.Ordinal); // it is stored encrypted
            Assert.Contains("enca", bytes, StringComparison.Ordinal);
        }

        var recorded = await ReplayJudge.RecordedVideoFramesAsync(segments, fixture.RecordingsDirectory, Key);
        using var work = new TempDirectory("nvr-replay-cenc");
        var uri = await AssertReplaysAsync(recording, segments, recorded, work.Path);
        await AssertSdpCarriesNoKeyAsync(uri);
    }

    /// <summary>The SDP ffmpeg receives (it prints it at debug level) describes both tracks in clear formats and carries no key.</summary>
    private static async Task AssertSdpCarriesNoKeyAsync(string uri)
    {
        var debug = await TestTools.RunUncheckedAsync("ffprobe", ["-v", "debug", "-rtsp_transport", "tcp", uri], Patience);
        var sdp = debug.Error;
        Assert.Contains("m=video", sdp, StringComparison.Ordinal);
        Assert.Contains("m=audio", sdp, StringComparison.Ordinal);
        Assert.Contains("H264/90000", sdp, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, sdp, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(Convert.FromHexString(Key)), sdp, StringComparison.Ordinal);
    }

    /// <summary>
    /// Replays the whole recording with rtspsrc: the video decodes without errors to exactly the recorded frames, in
    /// order, each with its recorded UTC, C on key frames, E on the last frame only; audio arrives; ffprobe sees aac and
    /// h264. Returns the replay URI (with the user).
    /// </summary>
    private async Task<string> AssertReplaysAsync(string recording, List<SegmentRecordedEvent> segments, List<ReplayJudge.RecordedFrame> recorded, string work)
    {
        Assert.True(recorded.Count >= 25, $"only {recorded.Count} frames were recorded");
        var uri = (await fixture.Replay.CallAsync("GetReplayUri", StreamSetup() + $"<RecordingToken>{recording}</RecordingToken>")).Text(Wire.Trp + "Uri");
        uri = new UriBuilder(uri) { UserName = Uri.EscapeDataString(OnvifCredentials.Admin.Username), Password = Uri.EscapeDataString(OnvifCredentials.Admin.Password) }.Uri.AbsoluteUri;

        var output = Path.Combine(work, "replayed.h264");
        var (code, packets, error) = await ReplayJudge.PlayAsync(uri, output);
        Assert.True(code == 0, $"replay-client exited {code}: {error}");
        var clean = await TestTools.RunUncheckedAsync("ffmpeg", ["-v", "error", "-f", "h264", "-i", output, "-f", "null", "-"], Patience);
        Assert.True(clean.ExitCode == 0 && clean.Error.Trim().Length == 0, $"the replayed video does not decode cleanly: exit {clean.ExitCode}: {clean.Error}");
        Assert.Equal(recorded.Select(f => f.Md5), await ReplayJudge.DecodedMd5Async(output, rawH264: true));

        var video = packets.Where(p => p.Media == "video").ToList();
        Assert.Equal(recorded.Count, video.Count);
        for (var i = 0; i < recorded.Count; i++)
        {
            Assert.True((video[i].Utc - recorded[i].Utc).Duration() <= UtcTolerance, $"frame {i}: NTP {video[i].Utc:O}, recorded {recorded[i].Utc:O}");
            Assert.True(video[i].C == recorded[i].Key, $"frame {i} at {recorded[i].Utc:O}: C={video[i].C}, key={recorded[i].Key}");
        }

        var end = Assert.Single(video, p => p.E); // one span: E only on its last frame
        Assert.True((end.Utc - recorded[^1].Utc).Duration() <= UtcTolerance, $"E at {end.Utc:O}, the last recorded frame at {recorded[^1].Utc:O}");
        Assert.Contains(packets, p => p.Media == "audio");
        var recordedSpan = segments.Max(s => s.EndUtc) - segments.Min(s => s.StartUtc);
        var audio = packets.Where(p => p.Media == "audio").Select(p => p.Utc).ToList();
        Assert.True(audio[^1] - audio[0] >= recordedSpan - TimeSpan.FromSeconds(1), $"audio covers {audio[^1] - audio[0]} of {recordedSpan}");

        var probe = await TestTools.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-show_entries", "stream=codec_name", "-of", "csv=p=0", uri], Patience);
        Assert.Equal(["aac", "h264"], probe.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order());
        return uri;
    }

    /// <summary>Downloads the segments' objects from the bucket under their keys; returns the directory.</summary>
    private async Task<string> DownloadAsync(IEnumerable<SegmentRecordedEvent> segments, string work)
    {
        using var client = fixture.S3.CreateClient();
        var stored = Path.Combine(work, "stored");
        foreach (var segment in segments)
        {
            var file = Path.Combine(stored, segment.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using var response = await client.GetObjectAsync(S3Server.Bucket, segment.Key);
            await response.WriteResponseStreamToFileAsync(file, append: false, CancellationToken.None);
        }

        return stored;
    }

    private static string StreamSetup() =>
        "<StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></StreamSetup>";
}
