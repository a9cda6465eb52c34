using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Index;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// GetMediaAttributes over SOAP on recordings made from the GStreamer RTSP server's clips (H.264 + AAC, H.265 + AAC,
/// H.264 with B-frames + G.711 µ-law): each track's tt:VideoAttributes / tt:AudioAttributes say what ffprobe says of
/// the stored segment holding the requested time (codec, width, height, frame rate; codec, sample rate, G.711's
/// bitrate). The responses are validated with the unmodified official schemas in the test and again at the end.
/// </summary>
public sealed class SearchMediaAttributesTests : IClassFixture<SearchApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly XNamespace Tse = OnvifSoapClient.Tse;
    private static readonly XNamespace Tt = OnvifSoapClient.Tt;
    private readonly SearchApplianceFixture _fixture;

    public SearchMediaAttributesTests(SearchApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Each_track_carries_the_codec_parameters_ffprobe_reads_in_the_stored_segment()
    {
        var capture = new EnvelopeCapture();
        await using var search = new OnvifSoapClient(_fixture.Host.SearchServiceUrls[0], OnvifSoapClient.Tse, capture);
        var clips = new[] { "h264", "h265", "bframes" };
        var recorded = await Task.WhenAll(clips.Select(clip => RecordAsync(clip)));

        using var index = new RecordedRangeIndex(_fixture.IndexPath);
        foreach (var (clip, (recording, segments)) in clips.Zip(recorded))
        {
            // the index worker writes asynchronously, in order: once the last segment is in, the parameters of every earlier one are too
            await IndexedAsync(index, recording, segments.Count);
            var segment = segments[1];
            var time = new DateTimeOffset(segment.StartUtc + (segment.EndUtc - segment.StartUtc) / 2, TimeSpan.Zero);
            var media = (await search.CallAsync("GetMediaAttributes", $"<RecordingTokens>{recording}</RecordingTokens><Time>{Utc(time)}</Time>"))
                .Elements(Tse + "MediaAttributes").Single();
            Assert.Equal(recording, media.Element(Tt + "RecordingToken")!.Value);
            Assert.Equal(time, Time(media, "From"));
            Assert.Equal(time, Time(media, "Until"));
            var tracks = media.Elements(Tt + "TrackAttributes").ToDictionary(t => t.Element(Tt + "TrackInformation")!.Element(Tt + "TrackToken")!.Value);
            Assert.Equal(["AUDIO001", "VIDEO001"], tracks.Keys.Order(StringComparer.Ordinal));

            var probe = await ProbeAsync(Path.Combine(_fixture.RecordingsDirectory, segment.Key));
            var stream = probe["video"];
            var video = tracks["VIDEO001"].Element(Tt + "VideoAttributes");
            Assert.True(video is not null, $"{clip}: no VideoAttributes");
            Assert.Null(tracks["VIDEO001"].Element(Tt + "AudioAttributes"));
            Assert.Equal(stream.GetProperty("codec_name").GetString() switch { "h264" => "H264", "hevc" => "H265", var other => other }, video.Element(Tt + "Encoding")!.Value);
            Assert.Equal(stream.GetProperty("width").GetInt32(), Int(video, "Width"));
            Assert.Equal(stream.GetProperty("height").GetInt32(), Int(video, "Height"));
            var framerate = XmlConvert.ToSingle(video.Element(Tt + "Framerate")!.Value);
            var probed = Rate(stream.GetProperty("avg_frame_rate").GetString()!);
            Assert.True(Math.Abs(framerate - probed) < 0.01, $"{clip}: Framerate {framerate}, ffprobe avg_frame_rate {probed}");
            Assert.Null(video.Element(Tt + "Bitrate"));

            stream = probe["audio"];
            var audio = tracks["AUDIO001"].Element(Tt + "AudioAttributes");
            Assert.True(audio is not null, $"{clip}: no AudioAttributes");
            Assert.Null(tracks["AUDIO001"].Element(Tt + "VideoAttributes"));
            var codec = stream.GetProperty("codec_name").GetString();
            Assert.Equal(codec switch { "aac" => "AAC", "pcm_mulaw" or "pcm_alaw" => "G711", var other => other }, audio.Element(Tt + "Encoding")!.Value);
            Assert.Equal(int.Parse(stream.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture) / 1000, Int(audio, "Samplerate"));
            if (codec == "aac")
            {
                Assert.Null(audio.Element(Tt + "Bitrate")); // AAC's bitrate is not fixed by its configuration
            }
            else
            {
                // G.711's bitrate is its bits per sample × sample rate × channels (ffprobe's stream bit_rate of a later
                // segment divides the bytes by the time since the span's start, not by the segment's duration)
                var bits = stream.GetProperty("bits_per_sample").GetInt32() * int.Parse(stream.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture) *
                    stream.GetProperty("channels").GetInt32();
                Assert.Equal(64_000, bits);
                Assert.Equal(bits / 1000, Int(audio, "Bitrate"));
            }

            // one row per change of parameters, not per segment: the span's segments share one row per track
            Assert.Single(index.GetTrackParameterChanges(recording, "VIDEO001"));
            Assert.Single(index.GetTrackParameterChanges(recording, "AUDIO001"));
        }

        // before the first segment there is no data: no MediaAttributes for the recording
        var (first, firstSegments) = recorded[0];
        var before = new DateTimeOffset(firstSegments[0].StartUtc, TimeSpan.Zero).AddSeconds(-10);
        Assert.Empty((await search.CallAsync("GetMediaAttributes", $"<RecordingTokens>{first}</RecordingTokens><Time>{Utc(before)}</Time>")).Elements(Tse + "MediaAttributes"));
        await OnvifValidator.AssertValidAsync(capture, "media-attributes");
    }

    /// <summary>Records <paramref name="clip"/> (video and audio) until three segments are stored, then stops the job; returns the span's segments.</summary>
    private async Task<(string Recording, List<SegmentRecordedEvent> Segments)> RecordAsync(string clip)
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        var recording = (await _fixture.Recording.CallAsync("CreateRecording",
            RecordingConfiguration($"attributes-{clip}", target: Target("MP4", "PT3S", storage: "local", postfix: clip))))
            .Text(Wire.Trc + "RecordingToken"); // a key directory per recording: recordings started together may cut a segment in the same millisecond
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", _fixture.RtspUrl(clip)))).Text(Wire.Tt + "Token");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"))))).Text(Wire.Trc + "JobToken");
        var stored = new List<SegmentRecordedEvent>();
        while (stored.Count < 3)
        {
            stored.Add(await NextAsync(segments, recording, clip, $"segment {stored.Count + 1} of 3 while recording"));
        }

        await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
        var total = (await NextAsync(spans, recording, clip, "the span's end")).Segments;
        while (stored.Count < total)
        {
            stored.Add(await NextAsync(segments, recording, clip, $"segment {stored.Count + 1} of the span's {total}"));
        }

        Assert.All(stored, s => Assert.True(s.Stored, $"{clip}: segment {s.Key} was not stored"));
        return (recording, stored);
    }

    private static async Task<T> NextAsync<T>(EventCollector<T> events, string recording, string clip, string what)
        where T : class
    {
        try
        {
            return await Task.Run(() => events.Next(e => e switch
            {
                SegmentRecordedEvent s => s.RecordingToken == recording,
                SpanEndedEvent s => s.RecordingToken == recording,
                _ => false,
            }, Patience));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{clip} ({recording}): waiting for {what}: {e.Message}", e);
        }
    }

    /// <summary>ffprobe's first video and first audio stream of <paramref name="file"/>, by codec_type.</summary>
    private static async Task<Dictionary<string, JsonElement>> ProbeAsync(string file)
    {
        var (code, output, error) = await TestTools.RunUncheckedAsync("ffprobe",
            ["-v", "error", "-show_entries", "stream=codec_type,codec_name,width,height,avg_frame_rate,sample_rate,channels,bits_per_sample", "-of", "json", file], TimeSpan.FromMinutes(1));
        Assert.True(code == 0 && error.Length == 0, $"ffprobe {file}: {error}");
        var streams = JsonDocument.Parse(output).RootElement.GetProperty("streams").EnumerateArray().ToList();
        return streams.GroupBy(s => s.GetProperty("codec_type").GetString()!).ToDictionary(g => g.Key, g => g.First().Clone());
    }

    /// <summary>Waits until the index holds every segment of the recording's span (the index worker writes asynchronously).</summary>
    private static async Task IndexedAsync(RecordedRangeIndex index, string recording, int segments)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (index.GetSegments(recording, "VIDEO001").Count < segments || index.GetSegments(recording, "AUDIO001").Count < segments)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the index of {recording} never held its {segments} segments");
            await Task.Delay(100);
        }
    }

    private static double Rate(string fraction)
    {
        var parts = fraction.Split('/');
        return double.Parse(parts[0], CultureInfo.InvariantCulture) / double.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    private static int Int(XElement parent, string name) => XmlConvert.ToInt32(parent.Element(Tt + name)!.Value);

    private static DateTimeOffset Time(XElement element, string name) =>
        new(XmlConvert.ToDateTime(element.Element(Tt + name)!.Value, XmlDateTimeSerializationMode.Utc));

    private static string Utc(DateTimeOffset time) => XmlConvert.ToString(time.UtcDateTime, XmlDateTimeSerializationMode.Utc);
}
