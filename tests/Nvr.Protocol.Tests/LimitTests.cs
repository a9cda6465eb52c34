using Nvr.Control.Recordings;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>MaxRecordings, MaxRecordingJobs and the advertised capabilities of a device with small limits.</summary>
public sealed class LimitTests : IClassFixture<LimitTests.SmallDevice>
{
    private readonly OnvifSoapClient _client;

    public LimitTests(SmallDevice fixture) => _client = fixture.Recording;

    [Fact]
    public async Task Limits_are_enforced_with_the_Action_faults_and_advertised()
    {
        var capabilities = (await _client.CallAsync("GetServiceCapabilities")).Element(Wire.Trc + "Capabilities")!;
        Assert.Equal(("2", "3", "true", "true"), (capabilities.Attribute("MaxRecordings")!.Value, capabilities.Attribute("MaxRecordingJobs")!.Value,
            capabilities.Attribute("DynamicRecordings")!.Value, capabilities.Attribute("Options")!.Value));
        Assert.Equal("true", capabilities.Attribute("ScheduledRecording")!.Value);
        Assert.Equal(("CMAF MP4", "CBCS CENC", "4", "true"), (capabilities.Attribute("SupportedTargetFormats")!.Value,
            capabilities.Attribute("SupportedEncryptionModes")!.Value, capabilities.Attribute("EncryptionEntryLimit")!.Value,
            capabilities.Attribute("OverrideSegmentDuration")!.Value));

        var first = (await _client.CallAsync("CreateRecording", RecordingConfiguration("a"))).Text(Wire.Trc + "RecordingToken");
        await _client.CallAsync("CreateRecording", RecordingConfiguration("b"));
        Assert.Equal("Receiver/Action/MaxRecordings", await _client.FaultAsync("CreateRecording", RecordingConfiguration("c")));

        for (var i = 0; i < 3; i++)
        {
            await _client.CallAsync("CreateRecordingJob", Job(first));
        }

        Assert.Equal("Receiver/Action/MaxRecordingJobs", await _client.FaultAsync("CreateRecordingJob", Job(first)));
        var options = (await _client.CallAsync("GetRecordingOptions", Token("RecordingToken", first))).Element(Wire.Trc + "Options")!;
        Assert.Equal("0", options.Element(Wire.Trc + "Job")!.Attribute("Spare")!.Value);

        // Deleting a recording frees its place.
        await _client.CallAsync("DeleteRecording", Token("RecordingToken", first));
        await _client.CallAsync("CreateRecording", RecordingConfiguration("c"));
    }

    public sealed class SmallDevice : ApplianceFixture
    {
        protected override ControlLimits Limits => ControlLimits.Default with { MaxRecordings = 2, MaxRecordingJobs = 3 };

        public override async Task DisposeAsync()
        {
            try
            {
                await OnvifValidator.AssertValidAsync(Capture, "limits");
            }
            finally
            {
                await base.DisposeAsync();
            }
        }
    }
}
