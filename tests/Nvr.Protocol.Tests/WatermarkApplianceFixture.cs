namespace Nvr.Protocol.Tests;

/// <summary>
/// The engine appliance with a free-space watermark no disk can satisfy (every completed local segment is below
/// it), next to a real GStreamer RTSP server. Responses are schema-validated at the end.
/// </summary>
public sealed class WatermarkApplianceFixture : EngineApplianceFixture
{
    protected override long MinimumFreeBytes => long.MaxValue;

    protected override string ValidationLabel => "engine-watermark";
}
