using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>Every fault of the seed's recording operations, with its exact nested subcodes.</summary>
public sealed class RecordingFaultTests : IClassFixture<ValidatedApplianceFixture>
{
    private const string NoRecording = "Sender/InvalidArgVal/NoRecording";
    private const string NoTrack = "Sender/InvalidArgVal/NoTrack";
    private const string NoJob = "Sender/InvalidArgVal/NoRecordingJob";
    private const string BadConfiguration = "Sender/InvalidArgVal/BadConfiguration";
    private readonly OnvifSoapClient _client;

    public RecordingFaultTests(ValidatedApplianceFixture fixture) => _client = fixture.Recording;

    private Task<string> Fault(string operation, string body) => _client.FaultAsync(operation, body);

    [Fact]
    public async Task Unknown_recording_tokens_give_NoRecording()
    {
        var missing = Token("RecordingToken", "REC9999");
        Assert.Equal(NoRecording, await Fault("DeleteRecording", missing));
        Assert.Equal(NoRecording, await Fault("GetRecordingConfiguration", missing));
        Assert.Equal(NoRecording, await Fault("SetRecordingConfiguration", missing + RecordingConfiguration()));
        Assert.Equal(NoRecording, await Fault("CreateTrack", missing + Track("Video")));
        Assert.Equal(NoRecording, await Fault("DeleteTrack", missing + Token("TrackToken", "VIDEO001")));
        Assert.Equal(NoRecording, await Fault("GetTrackConfiguration", missing + Token("TrackToken", "VIDEO001")));
        Assert.Equal(NoRecording, await Fault("SetTrackConfiguration", missing + Token("TrackToken", "VIDEO001") + Track("Video")));
        Assert.Equal(NoRecording, await Fault("GetRecordingOptions", missing));
        Assert.Equal(NoRecording, await Fault("CreateRecordingJob", Job("REC9999")));
        Assert.Equal(NoRecording, await Fault("OverrideSegmentDuration", Token("TargetSegmentDuration", "PT5S") + Token("Expiration", "PT1M") + Token("RecordingConfiguration", "REC9999")));
    }

    [Fact]
    public async Task Unknown_tracks_and_jobs_give_NoTrack_and_NoRecordingJob()
    {
        var recording = (await _client.CallAsync("CreateRecording", RecordingConfiguration("faults"))).Text(Wire.Trc + "RecordingToken");
        var track = Token("RecordingToken", recording) + Token("TrackToken", "VIDEO042");
        Assert.Equal(NoTrack, await Fault("DeleteTrack", track));
        Assert.Equal(NoTrack, await Fault("GetTrackConfiguration", track));
        Assert.Equal(NoTrack, await Fault("SetTrackConfiguration", track + Track("Video")));

        var job = Token("JobToken", "JOB9999");
        Assert.Equal(NoJob, await Fault("DeleteRecordingJob", job));
        Assert.Equal(NoJob, await Fault("GetRecordingJobConfiguration", job));
        Assert.Equal(NoJob, await Fault("SetRecordingJobConfiguration", job + Job(recording)));
        Assert.Equal(NoJob, await Fault("SetRecordingJobMode", job + Token("Mode", "Active")));
        Assert.Equal(NoJob, await Fault("GetRecordingJobState", job));
    }

    [Fact]
    public async Task Invalid_configurations_give_BadConfiguration()
    {
        Assert.Equal(BadConfiguration, await Fault("CreateRecording", RecordingConfiguration(retention: "one hour")));
        Assert.Equal(BadConfiguration, await Fault("CreateRecording", RecordingConfiguration(target: Target(format: "AVI"))));
        Assert.Equal(BadConfiguration, await Fault("CreateRecording", RecordingConfiguration(target: Target(storage: "nas-9"))));
        Assert.Equal(BadConfiguration, await Fault("CreateRecording", RecordingConfiguration(target: Target(segment: "PT0S"))));
        Assert.Equal(BadConfiguration, await Fault("CreateRecording", RecordingConfiguration(target: Target(encryption: Encryption("CENC", "0011", "00112233445566778899AABBCCDDEEFF")))));
        Assert.Equal(BadConfiguration, await Fault("CreateRecording", RecordingConfiguration(target: Target(encryption: Encryption("CENC", "00112233445566778899aabbccddeeff", "0011")))));
        Assert.Equal(BadConfiguration, await Fault("CreateRecording", RecordingConfiguration(target: Target(encryption: Encryption("AES", "00112233445566778899aabbccddeeff", "00112233445566778899AABBCCDDEEFF")))));

        var recording = (await _client.CallAsync("CreateRecording", RecordingConfiguration("bad"))).Text(Wire.Trc + "RecordingToken");
        Assert.Equal(BadConfiguration, await Fault("CreateTrack", Token("RecordingToken", recording) + Track("Extended")));
        Assert.Equal(BadConfiguration, await Fault("CreateRecordingJob", Job(recording, "Paused")));
        Assert.Equal(BadConfiguration, await Fault("CreateRecordingJob", Job(recording, "Idle", -1)));
        Assert.Equal(BadConfiguration, await Fault("CreateRecordingJob", Job(recording, sources: "<tt:Source/>")));
        Assert.Equal(BadConfiguration, await Fault("CreateRecordingJob", Job(recording, sources: AutoSource(("video", "VIDEO077")))));
        Assert.Equal(BadConfiguration, await Fault("CreateRecordingJob", Job(recording, sources: "<tt:Source><tt:SourceToken><tt:Token>RCV9999</tt:Token></tt:SourceToken></tt:Source>")));
    }

    [Fact]
    public async Task Mode_and_duration_faults()
    {
        var recording = (await _client.CallAsync("CreateRecording", RecordingConfiguration("mode", target: Target()))).Text(Wire.Trc + "RecordingToken");
        var job = (await _client.CallAsync("CreateRecordingJob", Job(recording))).Text(Wire.Trc + "JobToken");
        Assert.Equal("Sender/InvalidArgVal/BadMode", await Fault("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Paused")));

        string Override(string duration, string expiration) =>
            Token("TargetSegmentDuration", duration) + Token("Expiration", expiration) + Token("RecordingConfiguration", recording);
        Assert.Equal("Sender/InvalidArgVal/BadDuration", await Fault("OverrideSegmentDuration", Override("PT5S", "PT2H")));
        Assert.Equal("Sender/InvalidArgVal/BadDuration", await Fault("OverrideSegmentDuration", Override("PT0S", "PT1M")));
        Assert.Equal("Sender/InvalidArgVal/BadDuration", await Fault("OverrideSegmentDuration", Override("soon", "PT1M")));
    }

    [Fact]
    public async Task A_track_that_a_job_records_into_cannot_be_deleted()
    {
        var recording = (await _client.CallAsync("CreateRecording", RecordingConfiguration("in-use"))).Text(Wire.Trc + "RecordingToken");
        await _client.CallAsync("CreateRecordingJob", Job(recording, sources: AutoSource(("video", "VIDEO001"))));
        Assert.Equal("Receiver/Action/CannotDelete", await Fault("DeleteTrack", Token("RecordingToken", recording) + Token("TrackToken", "VIDEO001")));
        await _client.CallAsync("DeleteTrack", Token("RecordingToken", recording) + Token("TrackToken", "AUDIO001"));
    }
}
