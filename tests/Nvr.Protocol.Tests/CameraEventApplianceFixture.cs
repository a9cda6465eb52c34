using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>The appliance with its engine, without the GStreamer peer (the camera here is simulated in process).</summary>
public sealed class CameraEventApplianceFixture : ApplianceFixture
{
    protected override bool RecordingEngine => true;

    public string RecordingsDirectory => Path.Combine(DataDirectory, "recordings");

    public override async Task DisposeAsync()
    {
        try
        {
            await OnvifValidator.AssertValidAsync(Capture, "camera-events");
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}
