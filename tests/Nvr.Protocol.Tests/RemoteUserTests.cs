using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// GetRemoteUser/SetRemoteUser (Core, RemoteUserHandling): the remote user is kept without ever returning its
/// password, and a receiver whose MediaUri has no credentials logs in to a real GStreamer camera that demands RTSP
/// Digest with it, so its job records. Responses are schema-validated by the fixture.
/// </summary>
public sealed class RemoteUserTests : IClassFixture<EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly EngineApplianceFixture _fixture;

    public RemoteUserTests(EngineApplianceFixture fixture) => _fixture = fixture;

    private static string RemoteUser(string name, string? password, bool derived = false) =>
        $"<tds:RemoteUser><tt:Username>{name}</tt:Username>" + (password is null ? string.Empty : $"<tt:Password>{password}</tt:Password>") +
        $"<tt:UseDerivedPassword>{(derived ? "true" : "false")}</tt:UseDerivedPassword></tds:RemoteUser>";

    [Fact]
    public async Task A_receiver_without_credentials_logs_in_to_its_camera_as_the_remote_user_whose_password_is_never_returned()
    {
        var device = _fixture.Device;
        var security = (await device.CallAsync("GetServiceCapabilities")).Descendants(Wire.Tds + "Security").Single();
        Assert.Equal("true", security.Attribute("RemoteUserHandling")?.Value);
        Assert.Empty((await device.CallAsync("GetRemoteUser")).Elements());

        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetRemoteUser", RemoteUser("user", "pass", derived: true)));
        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetRemoteUser", RemoteUser("us:er", "pass")));
        Assert.Empty((await device.CallAsync("GetRemoteUser")).Elements());

        // The peer's /h264-auth path wants RTSP Digest as user/pass (tests/peers/rtsp-server.py).
        await device.CallAsync("SetRemoteUser", RemoteUser("user", "pass"));
        var got = await device.CallAsync("GetRemoteUser");
        Assert.Equal(("user", "false"), (got.Text(Wire.Tt + "Username"), got.Text(Wire.Tt + "UseDerivedPassword")));
        Assert.Empty(got.Descendants(Wire.Tt + "Password"));

        using var segments = new EventCollector<SegmentRecordedEvent>(_fixture.Host.Control.System);
        var recording = (await _fixture.Recording.CallAsync("CreateRecording",
            RecordingConfiguration("remote-user", target: Target("MP4", "PT2S", storage: "local", postfix: "remote-user")))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", _fixture.RtspUrl("h264-auth")))).Text(Wire.Tt + "Token");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"))))).Text(Wire.Trc + "JobToken");
        var segment = segments.Next(s => s.RecordingToken == recording, Patience);
        Assert.EndsWith(".mp4", segment.Key, StringComparison.Ordinal);
        var receiverState = await _fixture.Receiver.CallAsync("GetReceiverState", $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken>");
        Assert.Equal("Connected", receiverState.Text(Wire.Tt + "State"));
        await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));

        // Without a RemoteUser the remote user is removed.
        await device.CallAsync("SetRemoteUser");
        Assert.Empty((await device.CallAsync("GetRemoteUser")).Elements());
    }
}
