using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>Seed 5.27 Examples 1 and 2, end to end over HTTP with a WCF client.</summary>
public sealed class RecordingExamplesTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly OnvifSoapClient _client;

    public RecordingExamplesTests(ValidatedApplianceFixture fixture) => _client = fixture.Recording;

    [Fact]
    public async Task Example_1_setup_recording_of_a_single_camera()
    {
        var created = await _client.CallAsync("CreateRecording", RecordingConfiguration("example-1"));
        var recording = created.Text(Wire.Trc + "RecordingToken");

        // The recording implicitly has the predefined A, V and M tracks (5.4 Table 2), retention 0, empty descriptions.
        var recordings = await _client.CallAsync("GetRecordings");
        var item = recordings.Elements(Wire.Trc + "RecordingItem").Single(i => i.Text(Wire.Tt + "RecordingToken") == recording);
        Assert.Equal(["VIDEO001", "AUDIO001", "META001"], item.Texts(Wire.Tt + "TrackToken"));
        Assert.Equal(["Video", "Audio", "Metadata"], item.Texts(Wire.Tt + "TrackType"));
        Assert.All(item.Descendants(Wire.Tt + "Track").Select(t => t.Text(Wire.Tt + "Description")), d => Assert.Equal(string.Empty, d));
        Assert.Equal("PT0S", item.Text(Wire.Tt + "MaximumRetentionTime"));

        // Create a job in Idle mode with an auto-created receiver.
        var job = await _client.CallAsync("CreateRecordingJob", Job(recording, "Idle", 1));
        var jobToken = job.Text(Wire.Trc + "JobToken");
        var configuration = job.Element(Wire.Trc + "JobConfiguration")!;
        Assert.Empty(configuration.Descendants(Wire.Tt + "AutoCreateReceiver"));
        var receiver = configuration.Text(Wire.Tt + "Token");
        Assert.False(string.IsNullOrEmpty(receiver));
        Assert.Equal(["VIDEO001", "AUDIO001", "META001"], configuration.Texts(Wire.Tt + "Destination"));

        var idle = await _client.CallAsync("GetRecordingJobState", Token("JobToken", jobToken));
        Assert.Equal("Idle", idle.Element(Wire.Trc + "State")!.Element(Wire.Tt + "State")!.Value);

        // Activate: the only job of the recording records every track.
        await _client.CallAsync("SetRecordingJobMode", Token("JobToken", jobToken) + Token("Mode", "Active"));
        var active = await _client.CallAsync("GetRecordingJobState", Token("JobToken", jobToken));
        var state = active.Element(Wire.Trc + "State")!;
        Assert.Equal("Active", state.Element(Wire.Tt + "State")!.Value);
        Assert.Equal(recording, state.Text(Wire.Tt + "RecordingToken"));
        Assert.Equal(receiver, state.Descendants(Wire.Tt + "SourceToken").Single().Text(Wire.Tt + "Token"));
        Assert.Equal(["Active", "Active", "Active"], state.Descendants(Wire.Tt + "Track").Select(t => t.Element(Wire.Tt + "State")!.Value));

        var stored = await _client.CallAsync("GetRecordingJobConfiguration", Token("JobToken", jobToken));
        Assert.Equal("Active", stored.Text(Wire.Tt + "Mode"));
    }

    [Fact]
    public async Task Example_2_record_multiple_streams_from_one_camera_to_a_single_recording()
    {
        var recording = (await _client.CallAsync("CreateRecording", RecordingConfiguration("example-2"))).Text(Wire.Trc + "RecordingToken");
        var audio = (await _client.CallAsync("CreateTrack", Token("RecordingToken", recording) + Track("Audio", "second microphone"))).Text(Wire.Trc + "TrackToken");
        var video = (await _client.CallAsync("CreateTrack", Token("RecordingToken", recording) + Track("Video", "substream"))).Text(Wire.Trc + "TrackToken");
        var metadata = (await _client.CallAsync("CreateTrack", Token("RecordingToken", recording) + Track("Metadata", "analytics"))).Text(Wire.Trc + "TrackToken");
        Assert.Equal(("AUDIO002", "VIDEO002", "META002"), (audio, video, metadata));

        var job = await _client.CallAsync("CreateRecordingJob", Job(recording, "Idle", 1, AutoSource() + AutoSource()));
        var configuration = job.Element(Wire.Trc + "JobConfiguration")!;
        var sources = configuration.Elements(Wire.Tt + "Source").ToList();
        Assert.Equal(2, sources.Count);
        var receivers = sources.Select(s => s.Text(Wire.Tt + "Token")).ToList();
        Assert.NotEqual(receivers[0], receivers[1]);
        Assert.Equal(["VIDEO001", "AUDIO001", "META001"], sources[0].Texts(Wire.Tt + "Destination"));
        Assert.Equal(["VIDEO002", "AUDIO002", "META002"], sources[1].Texts(Wire.Tt + "Destination"));

        var jobToken = job.Text(Wire.Trc + "JobToken");
        await _client.CallAsync("SetRecordingJobMode", Token("JobToken", jobToken) + Token("Mode", "Active"));
        var state = (await _client.CallAsync("GetRecordingJobState", Token("JobToken", jobToken))).Element(Wire.Trc + "State")!;
        Assert.Equal("Active", state.Element(Wire.Tt + "State")!.Value);
        Assert.Equal(2, state.Elements(Wire.Tt + "Sources").Count());
        Assert.Equal(6, state.Descendants(Wire.Tt + "Track").Count());
    }

    [Fact]
    public async Task Annex_A_priorities_over_SOAP()
    {
        var recording = (await _client.CallAsync("CreateRecording", RecordingConfiguration("annex-a"))).Text(Wire.Trc + "RecordingToken");
        async Task<string> Create(string mode, int priority) =>
            (await _client.CallAsync("CreateRecordingJob", Job(recording, mode, priority))).Text(Wire.Trc + "JobToken");
        async Task<string> State(string job) =>
            (await _client.CallAsync("GetRecordingJobState", Token("JobToken", job))).Element(Wire.Trc + "State")!.Element(Wire.Tt + "State")!.Value;

        var j1 = await Create("Active", 2);
        var j2 = await Create("Idle", 4);
        var j3 = await Create("Active", 3);
        Assert.Equal(("Idle", "Idle", "Active"), (await State(j1), await State(j2), await State(j3)));
        await _client.CallAsync("DeleteRecordingJob", Token("JobToken", j3));
        Assert.Equal(("Active", "Idle"), (await State(j1), await State(j2)));
    }
}
