using Nvr.Appliance;
using Nvr.Control.Recordings;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Limits read from a config file and the command line (the command line wins) are advertised exactly: recording
/// capabilities, receiver capabilities and GetRecordingOptions' spares.
/// </summary>
public sealed class ConfiguredLimitTests : IClassFixture<ConfiguredLimitTests.ConfiguredDevice>
{
    private readonly ConfiguredDevice _device;

    public ConfiguredLimitTests(ConfiguredDevice device) => _device = device;

    [Fact]
    public async Task Configured_limits_are_what_the_services_advertise()
    {
        var capabilities = (await _device.Recording.CallAsync("GetServiceCapabilities")).Element(Wire.Trc + "Capabilities")!;
        Assert.Equal(("1200", "2400"), (capabilities.Attribute("MaxRecordings")!.Value, capabilities.Attribute("MaxRecordingJobs")!.Value));
        var receivers = (await _device.Receiver.CallAsync("GetServiceCapabilities")).Element(Wire.Trv + "Capabilities")!;
        Assert.Equal("1500", receivers.Attribute("SupportedReceivers")!.Value);

        var recording = (await _device.Recording.CallAsync("CreateRecording", RecordingConfiguration("configured"))).Text(Wire.Trc + "RecordingToken");
        await _device.Recording.CallAsync("CreateRecordingJob", Job(recording));
        var options = (await _device.Recording.CallAsync("GetRecordingOptions", Token("RecordingToken", recording))).Element(Wire.Trc + "Options")!;
        // 3 jobs per recording (config) minus 1; 5 tracks per recording (command line) minus the 3 default tracks.
        Assert.Equal("2", options.Element(Wire.Trc + "Job")!.Attribute("Spare")!.Value);
        Assert.Equal("2", options.Element(Wire.Trc + "Track")!.Attribute("SpareTotal")!.Value);
    }

    public sealed class ConfiguredDevice : ApplianceFixture
    {
        private readonly ControlLimits _limits;

        public ConfiguredDevice()
        {
            var config = Path.Combine(Path.GetTempPath(), $"nvr-limits-{Guid.NewGuid():N}.json");
            File.WriteAllText(config, """
                {"limits": {"maxRecordings": 1200, "maxRecordingJobs": 2400, "maxJobsPerRecording": 3, "maxReceivers": 900}}
                """);
            try
            {
                _limits = ApplianceCommandLine.Parse(["--config", config, "--max-receivers", "1500", "--max-tracks-per-recording", "5"]).Limits;
            }
            finally
            {
                File.Delete(config);
            }
        }

        protected override ControlLimits Limits => _limits;

        public override async Task DisposeAsync()
        {
            try
            {
                await OnvifValidator.AssertValidAsync(Capture, "configured-limits");
            }
            finally
            {
                await base.DisposeAsync();
            }
        }
    }
}
