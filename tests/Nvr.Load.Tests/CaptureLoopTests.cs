using Nvr.Load.Simulation;
using Nvr.Pipeline.Simulator;

namespace Nvr.Load.Tests;

/// <summary>The simulator's capture loop: each stream loops on its own RTP period, the SDP carries no capture SSRC.</summary>
[Trait("Category", "Unit")]
public sealed class CaptureLoopTests
{
    [Fact]
    public void The_demo_capture_loops_video_every_22_frames_and_audio_every_42_AAC_frames()
    {
        var assembly = typeof(CameraServer).Assembly;
        var loop = new CaptureLoop(Text(assembly, "demo-camera.sdp"), RtpDumpReader.Read(Bytes(assembly, "demo-camera.rtpdump")));
        Assert.Equal(2, loop.Streams.Count);
        Assert.Equal((90000, 22u * 3600, 22), (loop.Streams[0].ClockRate, loop.Streams[0].PeriodTicks, loop.Streams[0].FramesPerLoop));
        Assert.Equal((48000, 42u * 1024), (loop.Streams[1].ClockRate, loop.Streams[1].PeriodTicks));
        Assert.DoesNotContain("a=ssrc:", loop.Sdp, StringComparison.Ordinal);
        Assert.Equal(0u, loop.Streams[0].Packets[0].Timestamp);
    }

    private static byte[] Bytes(System.Reflection.Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Text(System.Reflection.Assembly assembly, string name) => System.Text.Encoding.UTF8.GetString(Bytes(assembly, name));
}
