using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>The Receiver service (receiver.wsdl) and the receivers that recording jobs create (seed 5.1, 5.13, 5.14, 5.16).</summary>
public sealed class ReceiverServiceTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly OnvifSoapClient _recording;
    private readonly OnvifSoapClient _receiver;

    public ReceiverServiceTests(ValidatedApplianceFixture fixture)
    {
        _recording = fixture.Recording;
        _receiver = fixture.Receiver;
    }

    private static string Configuration(string mode, string uri = "rtsp://127.0.0.1:8554/h264", string protocol = "RTSP") =>
        ReceiverConfiguration(mode, uri, protocol);

    private static string Receiver(string token) => $"<trv:ReceiverToken>{token}</trv:ReceiverToken>";

    [Fact]
    public async Task Example_1_configures_the_auto_created_receiver()
    {
        var recording = (await _recording.CallAsync("CreateRecording", RecordingConfiguration("example-1-receiver"))).Text(Wire.Trc + "RecordingToken");
        var job = await _recording.CallAsync("CreateRecordingJob", Job(recording));
        var token = job.Text(Wire.Tt + "Token");

        var state = await _receiver.CallAsync("GetReceiverState", Receiver(token));
        Assert.Equal(("NotConnected", "true"), (state.Text(Wire.Tt + "State"), state.Text(Wire.Tt + "AutoCreated")));

        await _receiver.CallAsync("ConfigureReceiver", Receiver(token) + Configuration("AutoConnect"));
        await _receiver.CallAsync("SetReceiverMode", Receiver(token) + "<trv:Mode>AlwaysConnect</trv:Mode>");
        var receiver = await _receiver.CallAsync("GetReceiver", Receiver(token));
        Assert.Equal(("AlwaysConnect", "rtsp://127.0.0.1:8554/h264", "RTSP"),
            (receiver.Text(Wire.Tt + "Mode"), receiver.Text(Wire.Tt + "MediaUri"), receiver.Text(Wire.Tt + "Protocol")));

        // The auto-created receiver goes away with the last job using it.
        await _recording.CallAsync("DeleteRecordingJob", Token("JobToken", job.Text(Wire.Trc + "JobToken")));
        Assert.Equal("Sender/InvalidArgVal/UnknownToken", await _receiver.FaultAsync("GetReceiver", Receiver(token)));
    }

    [Fact]
    public async Task Receivers_created_by_clients_stay_and_cannot_be_deleted_while_used()
    {
        var created = await _receiver.CallAsync("CreateReceiver", Configuration("NeverConnect", protocol: "UDP"));
        var token = created.Text(Wire.Tt + "Token");
        Assert.Contains(token, (await _receiver.CallAsync("GetReceivers")).Texts(Wire.Tt + "Token"));
        Assert.Equal("false", (await _receiver.CallAsync("GetReceiverState", Receiver(token))).Text(Wire.Tt + "AutoCreated"));

        var recording = (await _recording.CallAsync("CreateRecording", RecordingConfiguration("receiver-in-use"))).Text(Wire.Trc + "RecordingToken");
        var source = ReceiverSource(token);
        var job = (await _recording.CallAsync("CreateRecordingJob", Job(recording, sources: source))).Text(Wire.Trc + "JobToken");
        Assert.Equal("Receiver/Action/CannotDeleteReceiver", await _receiver.FaultAsync("DeleteReceiver", Receiver(token)));

        await _recording.CallAsync("DeleteRecordingJob", Token("JobToken", job));
        Assert.Contains(token, (await _receiver.CallAsync("GetReceivers")).Texts(Wire.Tt + "Token"));
        await _receiver.CallAsync("DeleteReceiver", Receiver(token));
        Assert.DoesNotContain(token, (await _receiver.CallAsync("GetReceivers")).Texts(Wire.Tt + "Token"));
    }

    [Fact]
    public async Task Invalid_receiver_requests_get_the_receiver_faults()
    {
        Assert.Equal("Sender/InvalidArgVal/UnknownToken", await _receiver.FaultAsync("GetReceiverState", Receiver("RCV9999")));
        Assert.Equal("Sender/InvalidArgVal/UnknownToken", await _receiver.FaultAsync("DeleteReceiver", Receiver("RCV9999")));
        Assert.Equal("Sender/InvalidArgVal/UnknownToken", await _receiver.FaultAsync("ConfigureReceiver", Receiver("RCV9999") + Configuration("AutoConnect")));
        Assert.Equal("Sender/InvalidArgVal/BadConfiguration", await _receiver.FaultAsync("CreateReceiver", Configuration("AutoConnect", "http://camera/stream")));
        Assert.Equal("Sender/InvalidArgVal/BadConfiguration", await _receiver.FaultAsync("CreateReceiver", Configuration("Sometimes")));
        Assert.Equal("Sender/InvalidArgVal/BadConfiguration", await _receiver.FaultAsync("CreateReceiver", Configuration("AutoConnect", protocol: "HTTP")));

        var capabilities = (await _receiver.CallAsync("GetServiceCapabilities")).Element(Wire.Trv + "Capabilities")!;
        Assert.Equal(("true", "1000"), (capabilities.Attribute("RTP_RTSP_TCP")!.Value, capabilities.Attribute("SupportedReceivers")!.Value));
    }
}
