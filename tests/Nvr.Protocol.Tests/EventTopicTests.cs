using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Every topic of seed 5.26, Schedule 6 and the receiver service reaches a pull point with its payload: the
/// recording configuration topics (with ElementItems, never a key), job states and the recording history they imply,
/// schedule state at a real boundary and configuration changes, receiver state changes and deletions.
/// </summary>
public sealed class EventTopicTests : IClassFixture<ValidatedApplianceFixture>
{
    private const string Kid = "00112233445566778899aabbccddeeff";
    private const string Key = "0123456789ABCDEF0123456789ABCDEF";
    private readonly ValidatedApplianceFixture _fixture;

    public EventTopicTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    private OnvifSoapClient Client(string url) => new(url, OnvifSoapClient.Tev, _fixture.Capture);

    private static bool Is(XElement m, string topic, string item, string value) => Topic(m) == "tns1:" + topic && Source(m, item) == value;

    [Fact]
    public async Task The_recording_configuration_topics_carry_their_tokens_and_configurations_and_no_key()
    {
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:RecordingConfig//.|tns1:RecordingHistory//."));
        await using var pullPoint = Client(address);
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RecordingConfiguration("topics"))).Text(Wire.Trc + "RecordingToken");
        var track = (await _fixture.Recording.CallAsync("CreateTrack", Token("RecordingToken", recording) + Track("Metadata", "extra"))).Text(Wire.Trc + "TrackToken");
        await _fixture.Recording.CallAsync("SetTrackConfiguration", Token("RecordingToken", recording) + Token("TrackToken", track) + Track("Metadata", "renamed"));
        await _fixture.Recording.CallAsync("DeleteTrack", Token("RecordingToken", recording) + Token("TrackToken", track));
        var target = Target("CMAF", "PT5S", Encryption("CENC", Kid, Key, "VIDEO001"));
        await _fixture.Recording.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", recording) + "<trc:RecordingConfiguration>" + ConfigurationBody("topics", "P3D", target) + "</trc:RecordingConfiguration>");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob", Job(recording))).Text(Wire.Trc + "JobToken");
        await _fixture.Recording.CallAsync("SetRecordingJobConfiguration", Token("JobToken", job) + $"<trc:JobConfiguration>{JobBody(recording, "Idle", 5)}</trc:JobConfiguration>");
        await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Active"));
        await _fixture.Recording.CallAsync("DeleteRecording", Token("RecordingToken", recording));

        var got = await PullUntilAsync(pullPoint, m => Is(m, "RecordingConfig/DeleteRecording", "RecordingToken", recording));
        bool JobStateDeleted(XElement m) => Is(m, "RecordingConfig/JobState", "RecordingJobToken", job) && Operation(m) == "Deleted";
        if (!got.Any(JobStateDeleted))
        {
            got.AddRange(await PullUntilAsync(pullPoint, JobStateDeleted)); // published after DeleteRecording (see below)
        }
        XElement One(string topic, string item, string value) => Assert.Single(got, m => Is(m, topic, item, value));

        One("RecordingConfig/CreateRecording", "RecordingToken", recording);
        var created = Assert.Single(got, m => Is(m, "RecordingConfig/CreateTrack", "TrackToken", track));
        Assert.Equal(recording, Source(created, "RecordingToken"));
        var trackConfiguration = One("RecordingConfig/TrackConfiguration", "TrackToken", track);
        Assert.Equal(("Metadata", "renamed"), (ElementItem(trackConfiguration, "Configuration")!.Element(Wire.Tt + "TrackType")!.Value,
            ElementItem(trackConfiguration, "Configuration")!.Element(Wire.Tt + "Description")!.Value));
        var recordingConfiguration = One("RecordingConfig/RecordingConfiguration", "RecordingToken", recording);
        Assert.Equal("P3D", ElementItem(recordingConfiguration, "Configuration")!.Element(Wire.Tt + "MaximumRetentionTime")!.Value);
        Assert.All(got, m => Assert.DoesNotContain(Key, m.ToString(), StringComparison.OrdinalIgnoreCase));
        var jobConfiguration = got.Last(m => Is(m, "RecordingConfig/RecordingJobConfiguration", "RecordingJobToken", job));
        Assert.Equal("5", ElementItem(jobConfiguration, "Configuration")!.Element(Wire.Tt + "Priority")!.Value);

        var states = got.Where(m => Is(m, "RecordingConfig/JobState", "RecordingJobToken", job)).ToList();
        Assert.Equal("Active", Data(states.Last(m => Operation(m) == "Changed"), "State"));
        Assert.Equal(recording, ElementItem(states.Last(m => Operation(m) == "Changed"), "Information")!.Element(Wire.Tt + "RecordingToken")!.Value);
        Assert.Equal("Initialized", Operation(states[0]));
        Assert.Equal("Deleted", Operation(states.Last()));
        var history = got.Where(m => Is(m, "RecordingHistory/Recording/State", "RecordingToken", recording)).ToList();
        // DeleteRecording is published before its job's JobState deletion: the history property ends with Deleted.
        Assert.Equal(["Initialized:false", "Changed:true", "Deleted:"], history.Select(m => $"{Operation(m)}:{Data(m, "IsRecording")}"));
        var deleted = One("RecordingConfig/DeleteTrack", "TrackToken", track);
        Assert.Equal(recording, Source(deleted, "RecordingToken"));
        await UnsubscribeAsync(address, _fixture.Capture);
    }

    [Fact]
    public async Task Schedule_state_changes_at_its_boundary_and_configuration_changes_and_removals_are_published()
    {
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:Schedule/State/Active|tns1:Configuration//."));
        await using var pullPoint = Client(address);
        var group = (await _fixture.Schedule.CallAsync("CreateSpecialDayGroup",
            "<tsc:SpecialDayGroup token=\"\"><tsc:Name>holidays</tsc:Name><tsc:Days>BEGIN:VCALENDAR&#10;BEGIN:VEVENT&#10;DTSTART;VALUE=DATE:20270101&#10;" +
            "DTEND;VALUE=DATE:20270102&#10;END:VEVENT&#10;END:VCALENDAR</tsc:Days></tsc:SpecialDayGroup>")).Text(Wire.Tsc + "Token");

        // A single period from 3 s to 5 s from now (UTC, the appliance's time zone in tests).
        var start = DateTime.UtcNow.AddSeconds(3);
        string Ical(DateTime t) => t.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var standard = $"BEGIN:VCALENDAR&#10;BEGIN:VEVENT&#10;SUMMARY:soon&#10;DTSTART:{Ical(start)}&#10;DTEND:{Ical(start.AddSeconds(2))}&#10;END:VEVENT&#10;END:VCALENDAR";
        var schedule = (await _fixture.Schedule.CallAsync("CreateSchedule",
            $"<tsc:Schedule token=\"\"><tsc:Name>soon</tsc:Name><tsc:Standard>{standard}</tsc:Standard></tsc:Schedule>")).Text(Wire.Tsc + "Token");

        bool State(XElement m, string active) => Is(m, "Schedule/State/Active", "ScheduleToken", schedule) && Data(m, "Active") == active;
        var got = await PullUntilAsync(pullPoint, m => State(m, "true"), TimeSpan.FromSeconds(20));
        got.AddRange(await PullUntilAsync(pullPoint, m => State(m, "false"), TimeSpan.FromSeconds(20)));
        var states = got.Where(m => Is(m, "Schedule/State/Active", "ScheduleToken", schedule)).ToList();
        Assert.Contains(states, m => Data(m, "Active") == "true");
        var active = states.First(m => Data(m, "Active") == "true");
        var activeAt = AssertUtc(new XElement("t", (string)Message(active).Attribute("UtcTime")!));
        var periodStart = new DateTime(start.Ticks - (start.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc); // DTSTART has whole seconds
        Assert.InRange(activeAt, periodStart, start.AddSeconds(2));
        Assert.Equal(("soon", "false"), (Source(active, "Name"), Data(active, "SpecialDay")));

        await _fixture.Schedule.CallAsync("DeleteSchedule", $"<tsc:Token>{schedule}</tsc:Token>");
        await _fixture.Schedule.CallAsync("DeleteSpecialDayGroup", $"<tsc:Token>{group}</tsc:Token>");
        got.AddRange(await PullUntilAsync(pullPoint, m => Is(m, "Configuration/SpecialDays/Removed", "SpecialDaysToken", group)));
        Assert.Single(got, m => Is(m, "Configuration/SpecialDays/Changed", "SpecialDaysToken", group));
        Assert.Single(got, m => Is(m, "Configuration/Schedule/Changed", "ScheduleToken", schedule));
        Assert.Single(got, m => Is(m, "Configuration/Schedule/Removed", "ScheduleToken", schedule));
        Assert.Equal("Deleted", Operation(got.Last(m => Is(m, "Schedule/State/Active", "ScheduleToken", schedule))));
        await UnsubscribeAsync(address, _fixture.Capture);
    }

    [Fact]
    public async Task Receiver_ChangeState_is_Initialized_for_a_new_subscriber_and_Deleted_with_the_receiver()
    {
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("NeverConnect", "rtsp://127.0.0.1:9/none"))).Text(Wire.Tt + "Token");
        var address = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:Receiver/ChangeState"));
        await using var pullPoint = Client(address);
        var initial = await PullUntilAsync(pullPoint, m => Source(m, "ReceiverToken") == receiver);
        var mine = Assert.Single(initial, m => Source(m, "ReceiverToken") == receiver);
        Assert.Equal(("Initialized", "NotConnected"), (Operation(mine), Data(mine, "NewState")));

        await _fixture.Receiver.CallAsync("DeleteReceiver", $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken>");
        var deleted = await PullUntilAsync(pullPoint, m => Source(m, "ReceiverToken") == receiver);
        Assert.Equal("Deleted", Operation(deleted.Single(m => Source(m, "ReceiverToken") == receiver)));
        await UnsubscribeAsync(address, _fixture.Capture);
    }
}
