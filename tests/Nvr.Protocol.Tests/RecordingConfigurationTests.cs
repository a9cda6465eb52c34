using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>Seed 5.7–5.12, 5.16–5.17, 5.20, 5.24: configurations round-trip; the encryption key is write-only.</summary>
public sealed class RecordingConfigurationTests : IClassFixture<ValidatedApplianceFixture>
{
    private const string Kid = "00112233445566778899aabbccddeeff";
    private const string Key = "0123456789ABCDEF0123456789ABCDEF";
    private readonly OnvifSoapClient _client;

    public RecordingConfigurationTests(ValidatedApplianceFixture fixture) => _client = fixture.Recording;

    private async Task<string> NewRecording(string name) =>
        (await _client.CallAsync("CreateRecording", RecordingConfiguration(name))).Text(Wire.Trc + "RecordingToken");

    [Fact]
    public async Task Target_configuration_round_trips_and_the_key_is_never_returned()
    {
        var recording = await NewRecording("target");
        var target = Target("CMAF", "PT5S", postfix: "camera-5", encryption: Encryption("CENC", Kid, Key, "VIDEO001") + Encryption("CBCS", "ffeeddccbbaa99887766554433221100", Key, "AUDIO001"));
        await _client.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", recording) + "<trc:RecordingConfiguration>" + ConfigurationBody("target", "P7D", target) + "</trc:RecordingConfiguration>");

        var got = await _client.CallAsync("GetRecordingConfiguration", Token("RecordingToken", recording));
        Assert.Equal("P7D", got.Text(Wire.Tt + "MaximumRetentionTime"));
        Assert.Equal(("1", "CMAF", "site-2", "camera-5", "PT5S"),
            (got.Text(Wire.Tt + "Storage"), got.Text(Wire.Tt + "Format"), got.Text(Wire.Tt + "Prefix"), got.Text(Wire.Tt + "Postfix"), got.Text(Wire.Tt + "SegmentDuration")));
        var entries = got.Descendants(Wire.Tt + "Encryption").ToList();
        Assert.Equal(["CENC", "CBCS"], entries.Select(e => e.Attribute("Mode")!.Value));
        Assert.Equal(Kid, entries[0].Text(Wire.Tt + "KID"));
        Assert.Equal(["VIDEO001"], entries[0].Texts(Wire.Tt + "Track"));
        Assert.Empty(got.Descendants(Wire.Tt + "Key"));

        var listed = await _client.CallAsync("GetRecordings");
        Assert.Empty(listed.Descendants(Wire.Tt + "Key"));

        // A client's Get-modify-Set cannot repeat the key: an entry without Key keeps the stored key of its KID.
        var withoutKeys = Target("CMAF", "PT10S", Encryption("CENC", Kid, null, "VIDEO001"));
        await _client.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", recording) + "<trc:RecordingConfiguration>" + ConfigurationBody("target", "P7D", withoutKeys) + "</trc:RecordingConfiguration>");
        var after = await _client.CallAsync("GetRecordingConfiguration", Token("RecordingToken", recording));
        Assert.Equal("PT10S", after.Text(Wire.Tt + "SegmentDuration"));
    }

    [Fact]
    public async Task Two_recordings_cannot_share_a_target_storage_prefix_and_postfix()
    {
        const string badConfiguration = "Sender/InvalidArgVal/BadConfiguration";
        var first = await NewRecording("shared-target-first");
        var shared = Target("MP4", "PT5S", storage: "1", postfix: "shared-camera");
        await _client.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", first) + "<trc:RecordingConfiguration>" + ConfigurationBody("shared-target-first", "PT1H", shared) + "</trc:RecordingConfiguration>");

        // A second recording on the same keys is refused, whether created with them or configured to them later.
        Assert.Equal(badConfiguration, await _client.FaultAsync("CreateRecording", RecordingConfiguration("shared-target-second", target: shared)));
        var second = await NewRecording("shared-target-second");
        Assert.Equal(badConfiguration, await _client.FaultAsync("SetRecordingConfiguration",
            Token("RecordingToken", second) + "<trc:RecordingConfiguration>" + ConfigurationBody("shared-target-second", "PT1H", shared) + "</trc:RecordingConfiguration>"));
        var secondTarget = (await _client.CallAsync("GetRecordingConfiguration", Token("RecordingToken", second))).Descendants(Wire.Tt + "Target");
        Assert.Empty(secondTarget);

        // The owner may set its own target again, another Postfix is free, and deleting the owner frees its keys.
        await _client.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", first) + "<trc:RecordingConfiguration>" + ConfigurationBody("shared-target-first", "P1D", shared) + "</trc:RecordingConfiguration>");
        await _client.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", second) + "<trc:RecordingConfiguration>" +
            ConfigurationBody("shared-target-second", "PT1H", Target("MP4", "PT5S", storage: "1", postfix: "shared-camera-2")) + "</trc:RecordingConfiguration>");
        await _client.CallAsync("DeleteRecording", Token("RecordingToken", first));
        await _client.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", second) + "<trc:RecordingConfiguration>" + ConfigurationBody("shared-target-second", "PT1H", shared) + "</trc:RecordingConfiguration>");
        Assert.Equal("shared-camera", (await _client.CallAsync("GetRecordingConfiguration", Token("RecordingToken", second))).Text(Wire.Tt + "Postfix"));
    }

    [Fact]
    public async Task Track_type_is_immutable_and_descriptions_change()
    {
        var recording = await NewRecording("tracks");
        await _client.CallAsync("SetTrackConfiguration", Token("RecordingToken", recording) + Token("TrackToken", "VIDEO001") + Track("Audio", "main stream"));
        var track = await _client.CallAsync("GetTrackConfiguration", Token("RecordingToken", recording) + Token("TrackToken", "VIDEO001"));
        Assert.Equal(("Video", "main stream"), (track.Text(Wire.Tt + "TrackType"), track.Text(Wire.Tt + "Description")));
    }

    [Fact]
    public async Task Recording_options_count_spare_tracks_and_jobs()
    {
        var recording = await NewRecording("options");
        var before = (await _client.CallAsync("GetRecordingOptions", Token("RecordingToken", recording))).Element(Wire.Trc + "Options")!;
        var track = before.Element(Wire.Trc + "Track")!;
        Assert.Equal(("5", "2", "2", "1"), (track.Attribute("SpareTotal")!.Value, track.Attribute("SpareVideo")!.Value,
            track.Attribute("SpareAudio")!.Value, track.Attribute("SpareMetadata")!.Value));
        Assert.Equal("8", before.Element(Wire.Trc + "Job")!.Attribute("Spare")!.Value);

        await _client.CallAsync("CreateTrack", Token("RecordingToken", recording) + Track("Metadata"));
        await _client.CallAsync("CreateRecordingJob", Job(recording));
        var after = (await _client.CallAsync("GetRecordingOptions", Token("RecordingToken", recording))).Element(Wire.Trc + "Options")!;
        Assert.Equal("0", after.Element(Wire.Trc + "Track")!.Attribute("SpareMetadata")!.Value);
        Assert.Equal("7", after.Element(Wire.Trc + "Job")!.Attribute("Spare")!.Value);

        // With no spare metadata track left, CreateTrack is refused with MaxTracks (5.9).
        Assert.Equal("Receiver/Action/MaxTracks", await _client.FaultAsync("CreateTrack", Token("RecordingToken", recording) + Track("Metadata")));
    }

    [Fact]
    public async Task Job_configuration_is_returned_as_given_and_its_recording_cannot_change()
    {
        var recording = await NewRecording("job-config");
        var other = await NewRecording("job-config-other");
        var created = await _client.CallAsync("CreateRecordingJob", Job(recording));
        var job = created.Text(Wire.Trc + "JobToken");
        var receiver = created.Text(Wire.Tt + "Token");
        var source = ReceiverSource(receiver, ("video", "VIDEO001"));
        var set = await _client.CallAsync("SetRecordingJobConfiguration",
            Token("JobToken", job) + $"<trc:JobConfiguration ScheduleToken=\"night\">{JobBody(recording, "Idle", 7, source)}</trc:JobConfiguration>");
        var returned = set.Element(Wire.Trc + "JobConfiguration")!;
        Assert.Equal(("7", "night", "VIDEO001"), (returned.Text(Wire.Tt + "Priority"), returned.Attribute("ScheduleToken")?.Value, returned.Text(Wire.Tt + "Destination")));

        var jobs = await _client.CallAsync("GetRecordingJobs");
        Assert.Contains(job, jobs.Texts(Wire.Tt + "JobToken"));
        Assert.Equal("Sender/InvalidArgVal/BadConfiguration",
            await _client.FaultAsync("SetRecordingJobConfiguration", Token("JobToken", job) + Job(other)));
    }

    [Fact]
    public async Task Override_segment_duration_shows_in_the_configuration_until_it_is_modified()
    {
        var recording = await NewRecording("override");
        await _client.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", recording) + "<trc:RecordingConfiguration>" + ConfigurationBody("override", "PT0S", Target(postfix: "override")) + "</trc:RecordingConfiguration>");
        await _client.CallAsync("OverrideSegmentDuration",
            Token("TargetSegmentDuration", "PT5S") + Token("Expiration", "PT10M") + Token("RecordingConfiguration", recording));
        var active = await _client.CallAsync("GetRecordingConfiguration", Token("RecordingToken", recording));
        var shown = active.Descendants(Wire.Tt + "SegmentDurationOverride").Single();
        Assert.Equal("PT5S", shown.Text(Wire.Tt + "Duration"));
        Assert.StartsWith("PT", shown.Text(Wire.Tt + "Expiration"), StringComparison.Ordinal);

        await _client.CallAsync("SetRecordingConfiguration",
            Token("RecordingToken", recording) + "<trc:RecordingConfiguration>" + ConfigurationBody("override", "PT0S", Target(postfix: "override")) + "</trc:RecordingConfiguration>");
        var cleared = await _client.CallAsync("GetRecordingConfiguration", Token("RecordingToken", recording));
        Assert.Empty(cleared.Descendants(Wire.Tt + "SegmentDurationOverride"));
    }

    [Fact]
    public async Task Deleting_a_recording_deletes_its_tracks_and_jobs()
    {
        var recording = await NewRecording("cascade");
        var job = (await _client.CallAsync("CreateRecordingJob", Job(recording))).Text(Wire.Trc + "JobToken");
        await _client.CallAsync("DeleteRecording", Token("RecordingToken", recording));
        Assert.DoesNotContain(recording, (await _client.CallAsync("GetRecordings")).Texts(Wire.Tt + "RecordingToken"));
        Assert.DoesNotContain(job, (await _client.CallAsync("GetRecordingJobs")).Texts(Wire.Tt + "JobToken"));
        Assert.Equal("Sender/InvalidArgVal/NoRecordingJob", await _client.FaultAsync("GetRecordingJobState", Token("JobToken", job)));
        Assert.Equal("Sender/InvalidArgVal/NoRecording", await _client.FaultAsync("GetTrackConfiguration", Token("RecordingToken", recording) + Token("TrackToken", "VIDEO001")));
    }
}
