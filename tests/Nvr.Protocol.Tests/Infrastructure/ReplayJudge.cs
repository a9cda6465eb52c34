using System.Globalization;
using System.Text.Json;
using Nvr.Control.Events;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// Judges of replay from outside: ffprobe/ffmpeg read the recorded segments (UTC, key flag and decoded-frame MD5 of
/// every video frame), GStreamer's rtspsrc in ONVIF mode (tests/peers/replay-client.py) plays the replay URI.
/// </summary>
public static class ReplayJudge
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    /// <summary>One recorded video frame: its UTC (segment start + decode time), key flag and decoded MD5.</summary>
    public sealed record RecordedFrame(DateTime Utc, bool Key, string Md5);

    /// <summary>One RTP packet with the ONVIF replay extension, as rtspsrc received it.</summary>
    public sealed record ExtensionPacket(string Media, DateTime Utc, bool C, bool E, bool D, bool T = false);

    /// <summary>
    /// The video frames of <paramref name="segments"/> in order. The UTC of a frame is the segment's first-sample UTC
    /// (SegmentRecordedEvent) plus the frame's decode time past the segment's earliest packet over all its streams.
    /// </summary>
    /// <param name="keyHex">The content key when the segments are CENC/CBCS-encrypted (ffmpeg -decryption_key).</param>
    public static async Task<List<RecordedFrame>> RecordedVideoFramesAsync(IEnumerable<SegmentRecordedEvent> segments, string directory, string? keyHex = null)
    {
        var frames = new List<RecordedFrame>();
        foreach (var segment in segments)
        {
            var file = Path.Combine(directory, segment.Key);
            var earliest = (await PacketsAsync(file, videoOnly: false, keyHex)).Min(r => r.Dts);
            var video = (await PacketsAsync(file, videoOnly: true, keyHex)).OrderBy(r => r.Dts).ToList();
            var md5 = await DecodedMd5Async(file, rawH264: false, keyHex);
            Assert.Equal(video.Count, md5.Count);
            for (var i = 0; i < video.Count; i++)
            {
                frames.Add(new RecordedFrame(segment.StartUtc.AddTicks((long)Math.Round((video[i].Dts - earliest) * TimeSpan.TicksPerSecond)), video[i].Key, md5[i]));
            }
        }

        return frames;
    }

    private static async Task<List<(double Dts, bool Key)>> PacketsAsync(string file, bool videoOnly, string? keyHex)
    {
        string[] select = videoOnly ? ["-select_streams", "v:0"] : [];
        var packets = await TestTools.RunAsync("ffprobe", ["-v", "error", .. KeyOptions(keyHex), .. select, "-show_entries", "packet=dts_time,flags", "-of", "csv=p=0", file], ToolTimeout);
        return packets.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), p[1].StartsWith('K')))
            .ToList();
    }

    /// <summary>ffmpeg/ffprobe options for an encrypted file (as ExportJudge: ffmpeg misreads senc that follows the mfra index).</summary>
    private static string[] KeyOptions(string? keyHex) => keyHex is null ? [] : ["-fflags", "+ignidx", "-decryption_key", keyHex];

    /// <summary>MD5 of every decoded video frame (ffmpeg framemd5), in decode order.</summary>
    public static async Task<List<string>> DecodedMd5Async(string file, bool rawH264, string? keyHex = null)
    {
        string[] input = rawH264 ? ["-f", "h264", "-i", file] : [.. KeyOptions(keyHex), "-i", file];
        var result = await TestTools.RunAsync("ffmpeg", ["-v", "error", .. input, "-map", "0:v:0", "-f", "framemd5", "-"], ToolTimeout);
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(',')[^1].Trim())
            .ToList();
    }

    /// <summary>Plays <paramref name="uri"/> with rtspsrc onvif-mode=true (Rate-Control: no); the video lands in <paramref name="output"/>.</summary>
    public static async Task<(int ExitCode, List<ExtensionPacket> Packets, string Error)> PlayAsync(string uri, string output, DateTime? start = null, DateTime? end = null, bool intra = false)
    {
        var arguments = new List<string> { TestTools.PeerScript("replay-client.py"), uri, output, "--timeout", "90" };
        if (start is { } s) arguments.AddRange(["--start", Iso(s)]);
        if (end is { } e) arguments.AddRange(["--end", Iso(e)]);
        if (intra) arguments.Add("--intra");
        var result = await TestTools.RunUncheckedAsync("/usr/bin/python3", arguments, ToolTimeout);
        var packets = new List<ExtensionPacket>();
        foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var utc = DateTime.Parse(root.GetProperty("utc").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            packets.Add(new ExtensionPacket(root.GetProperty("media").GetString()!, utc, root.GetProperty("C").GetBoolean(), root.GetProperty("E").GetBoolean(), root.GetProperty("D").GetBoolean(), root.GetProperty("T").GetBoolean()));
        }

        return (result.ExitCode, packets, result.Error);
    }

    private static string Iso(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
