using System.Globalization;
using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Audio in the media profiles of the relayed cameras (media.wsdl ver10: AudioSource, AudioSourceConfiguration,
/// AudioEncoderConfiguration) judged from outside: the SOAP answers (schema-validated by the fixture) name what ffprobe
/// reads from the relay's own RTSP stream of the same receiver, for an AAC camera and a G.711 µ-law one, and the npm
/// <c>onvif</c> client reads the same lists.
/// </summary>
public sealed partial class LiveRelayEndToEndTests
{
    [Fact]
    public async Task A_camera_sending_AAC_or_G711_has_its_audio_in_the_profile_and_on_the_relay_as_ffprobe_reads_it()
    {
        var media = _fixture.Media;
        var aac = await CreateReceiverAsync(_fixture.OnDemandCamera.Url("h264?cam=audio"));        // AAC-LC 48 kHz stereo
        var g711 = await CreateReceiverAsync(_fixture.OnDemandCamera.Url("bframes?cam=audio"));    // G.711 µ-law 8 kHz mono
        foreach (var (receiver, encoding, codec, rate, channels, bitrate) in new[] { (aac, "AAC", "aac", 48000, 2, 0), (g711, "G711", "pcm_mulaw", 8000, 1, 64) })
        {
            // What the relay sends, as ffprobe reads it from the appliance's RTSP server.
            var uri = $"rtsp://127.0.0.1:{_fixture.Host.Rtsp!.Port}/live/{receiver}";
            var probe = await TestTools.RunAsync("ffprobe", ["-v", "error", "-rtsp_transport", "tcp", "-select_streams", "a",
                "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "csv=p=0", WithUser(uri, OnvifCredentials.Admin)], Patience);
            Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{codec},{rate},{channels}"), probe.Output.Trim());

            // ffmpeg decodes the relayed audio cleanly (no error printed, frames decoded).
            var decode = await TestTools.RunAsync("ffmpeg", ["-v", "error", "-rtsp_transport", "tcp", "-i", WithUser(uri, OnvifCredentials.Admin),
                "-map", "0:a:0", "-t", "2", "-f", "framemd5", "-"], Patience);
            Assert.True(decode.Error.Trim().Length == 0, $"ffmpeg decoding the relayed {codec}: {decode.Error}");
            Assert.True(decode.Output.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#')) > 10, decode.Output);

            // The profile: audio source and encoder configurations in schema order, saying the same.
            var profile = await ProfileOfAsync(receiver);
            var token = profile.Attribute("token")!.Value;
            var sourceConfiguration = profile.Element(Wire.Tt + "AudioSourceConfiguration")!;
            var encoder = profile.Element(Wire.Tt + "AudioEncoderConfiguration")!;
            Assert.Equal(encoding, encoder.Text(Wire.Tt + "Encoding"));
            Assert.Equal((rate / 1000).ToString(CultureInfo.InvariantCulture), encoder.Text(Wire.Tt + "SampleRate"));
            Assert.Equal(bitrate.ToString(CultureInfo.InvariantCulture), encoder.Text(Wire.Tt + "Bitrate"));
            Assert.Equal(profile.Element(Wire.Tt + "VideoEncoderConfiguration")!.Text(Wire.Tt + "SessionTimeout"), encoder.Text(Wire.Tt + "SessionTimeout"));
            var sourceToken = sourceConfiguration.Text(Wire.Tt + "SourceToken");
            var audioSource = (await media.CallAsync("GetAudioSources")).Elements(Wire.Trt + "AudioSources").Single(s => s.Attribute("token")!.Value == sourceToken);
            Assert.Equal(channels.ToString(CultureInfo.InvariantCulture), audioSource.Text(Wire.Tt + "Channels"));

            // The lists, the single-item gets, the compatible ones and the options name the same configurations.
            var sourceToken2 = sourceConfiguration.Attribute("token")!.Value;
            var encoderToken = encoder.Attribute("token")!.Value;
            Assert.Contains(sourceToken2, Tokens(await media.CallAsync("GetAudioSourceConfigurations"), "Configurations"));
            Assert.Contains(encoderToken, Tokens(await media.CallAsync("GetAudioEncoderConfigurations"), "Configurations"));
            Assert.Equal(Shape(sourceConfiguration), Shape((await media.CallAsync("GetAudioSourceConfiguration", $"<ConfigurationToken>{sourceToken2}</ConfigurationToken>")).Element(Wire.Trt + "Configuration")!));
            Assert.Equal(Shape(encoder), Shape((await media.CallAsync("GetAudioEncoderConfiguration", $"<ConfigurationToken>{encoderToken}</ConfigurationToken>")).Element(Wire.Trt + "Configuration")!));
            Assert.Equal([sourceToken2], Tokens(await media.CallAsync("GetCompatibleAudioSourceConfigurations", $"<ProfileToken>{token}</ProfileToken>"), "Configurations"));
            Assert.Equal([encoderToken], Tokens(await media.CallAsync("GetCompatibleAudioEncoderConfigurations", $"<ProfileToken>{token}</ProfileToken>"), "Configurations"));
            Assert.Equal([sourceToken], (await media.CallAsync("GetAudioSourceConfigurationOptions", $"<ProfileToken>{token}</ProfileToken>")).Texts(Wire.Tt + "InputTokensAvailable"));
            var options = (await media.CallAsync("GetAudioEncoderConfigurationOptions", $"<ConfigurationToken>{encoderToken}</ConfigurationToken>")).Descendants(Wire.Tt + "Options").Single();
            Assert.Equal(encoding, options.Text(Wire.Tt + "Encoding"));
            Assert.Equal([(rate / 1000).ToString(CultureInfo.InvariantCulture)], options.Element(Wire.Tt + "SampleRateList")!.Texts(Wire.Tt + "Items"));

            // Fixed like the video: editing answers ActionNotSupported.
            Assert.Equal("Receiver/ActionNotSupported", await media.FaultAsync("AddAudioEncoderConfiguration",
                $"<ProfileToken>{token}</ProfileToken><ConfigurationToken>{encoderToken}</ConfigurationToken>"));
            Assert.Equal("Receiver/ActionNotSupported", await media.FaultAsync("RemoveAudioSourceConfiguration", $"<ProfileToken>{token}</ProfileToken>"));
            Assert.Equal("Receiver/ActionNotSupported", await media.FaultAsync("SetAudioEncoderConfiguration",
                $"<Configuration token=\"{encoderToken}\"><tt:Name>{receiver}</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>{encoding}</tt:Encoding></Configuration><ForcePersistence>true</ForcePersistence>"));
        }

        Assert.Equal("Sender/InvalidArgVal/NoConfig", await media.FaultAsync("GetAudioEncoderConfiguration", "<ConfigurationToken>no-such-config</ConfigurationToken>"));
        Assert.Equal("Sender/InvalidArgVal/NoConfig", await media.FaultAsync("GetAudioSourceConfiguration", "<ConfigurationToken>no-such-config</ConfigurationToken>"));
        Assert.Equal("Sender/InvalidArgVal/NoProfile", await media.FaultAsync("GetCompatibleAudioEncoderConfigurations", "<ProfileToken>no-such-profile</ProfileToken>"));

        // The npm onvif client reads the same audio sources and encoder configurations.
        var device = new Uri(_fixture.Host.DeviceServiceUrls[0]);
        var audio = Line(await StockOnvifClient.RunAsync("device", device.Host, device.Port.ToString(CultureInfo.InvariantCulture)), "audio");
        var encoders = audio.GetProperty("encoders").EnumerateArray().ToDictionary(e => e.GetProperty("token").GetString()!, e => e.GetProperty("encoding").GetString());
        Assert.Equal("AAC", encoders[$"AEC_{aac}"]);
        Assert.Equal("G711", encoders[$"AEC_{g711}"]);
        var sources = audio.GetProperty("sources").EnumerateArray().ToDictionary(e => e.GetProperty("token").GetString()!, e => e.GetProperty("channels").GetInt32());
        Assert.Equal(2, sources[$"AS_{aac}"]);
        Assert.Equal(1, sources[$"AS_{g711}"]);
    }

    private static List<string> Tokens(XElement response, string name) =>
        response.Elements(Wire.Trt + name).Select(e => e.Attribute("token")!.Value).ToList();

    /// <summary>A configuration's token and every descendant's name and text: equal for the same configuration under any element name.</summary>
    private static string Shape(XElement configuration) =>
        configuration.Attribute("token")!.Value + ": " +
        string.Join(" ", configuration.Descendants().Select(d => d.HasElements ? d.Name.LocalName : $"{d.Name.LocalName}={d.Value}"));
}
