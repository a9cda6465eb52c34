using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Events of the recording engine path reach a pull point: a job recording a real GStreamer RTSP source goes Active
/// (JobState), its receiver Connected (Receiver/ChangeState), the Profile G recording history follows
/// (IsRecording, IsDataPresent), retention deletes old data (DeleteTrackData), and Idle ends IsRecording.
/// </summary>
public sealed class EventEngineTests : IClassFixture<EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly EngineApplianceFixture _fixture;

    public EventEngineTests(EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_job_recording_a_real_camera_publishes_JobState_receiver_state_history_and_DeleteTrackData()
    {
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter(
            "tns1:RecordingConfig/JobState|tns1:RecordingConfig/DeleteTrackData|tns1:RecordingHistory//.|tns1:Receiver/ChangeState"), "PT10M");
        await using var pullPoint = new OnvifSoapClient(address, OnvifSoapClient.Tev, _fixture.Capture);
        var recording = (await _fixture.Recording.CallAsync("CreateRecording",
            RecordingConfiguration("engine-events", target: Target("MP4", "PT2S", storage: "local")))).Text(Wire.Trc + "RecordingToken");

        // Seed 5.4: a new recording starts with unlimited retention; the short one is set afterwards.
        await _fixture.Recording.CallAsync("SetRecordingConfiguration", Token("RecordingToken", recording) +
            "<trc:RecordingConfiguration>" + ConfigurationBody("engine-events", "PT4S", Target("MP4", "PT2S", storage: "local")) + "</trc:RecordingConfiguration>");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", _fixture.RtspUrl("h264")))).Text(Wire.Tt + "Token");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"))))).Text(Wire.Trc + "JobToken");

        bool JobIs(XElement m, string state) => Topic(m) == "tns1:RecordingConfig/JobState" && Source(m, "RecordingJobToken") == job && Data(m, "State") == state;
        var got = await PullUntilAsync(pullPoint, m => JobIs(m, "Active"), Patience);
        var active = got.First(m => JobIs(m, "Active"));
        bool earlier = got.TakeWhile(m => m != active).Any(m => Topic(m) == "tns1:RecordingConfig/JobState" && Source(m, "RecordingJobToken") == job);
        Assert.Equal(earlier ? "Changed" : "Initialized", Operation(active));
        var information = ElementItem(active, "Information")!;
        Assert.Equal(recording, information.Element(Wire.Tt + "RecordingToken")!.Value);
        Assert.Equal("Active", information.Element(Wire.Tt + "State")!.Value);

        bool Present(XElement m) => Topic(m) == "tns1:RecordingHistory/Track/State" && Source(m, "RecordingToken") == recording && Source(m, "Track") == "VIDEO001";
        got.AddRange(await PullUntilAsync(pullPoint, Present, Patience));
        Assert.Equal("true", Data(got.Single(Present), "IsDataPresent"));
        Assert.Contains(got, m => Topic(m) == "tns1:Receiver/ChangeState" && Source(m, "ReceiverToken") == receiver && Data(m, "NewState") == "Connected");
        Assert.Contains(got, m => Topic(m) == "tns1:RecordingHistory/Recording/State" && Source(m, "RecordingToken") == recording && Data(m, "IsRecording") == "true");

        // Retention (PT4S, enforced every second) deletes the oldest segments and says which span it removed.
        bool Deleted(XElement m) => Topic(m) == "tns1:RecordingConfig/DeleteTrackData" && Source(m, "RecordingToken") == recording;
        got.AddRange(await PullUntilAsync(pullPoint, Deleted, Patience));
        var deletion = got.First(Deleted);
        var start = AssertUtc(new XElement("t", Data(deletion, "StartTime")));
        var end = AssertUtc(new XElement("t", Data(deletion, "EndTime")));
        Assert.True(end > start, $"deleted span {start:O}..{end:O}");
        Assert.False(string.IsNullOrEmpty(Source(deletion, "TrackToken")));

        await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
        bool NotRecording(XElement m) => Topic(m) == "tns1:RecordingHistory/Recording/State" && Source(m, "RecordingToken") == recording && Data(m, "IsRecording") == "false";
        got.AddRange(await PullUntilAsync(pullPoint, NotRecording, Patience));
        Assert.Contains(got, m => JobIs(m, "Idle"));
        await _fixture.Recording.CallAsync("DeleteRecording", Token("RecordingToken", recording));
        await UnsubscribeAsync(address, _fixture.Capture);
    }
}
