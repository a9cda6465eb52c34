using Nvr.Pipeline.Simulator;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Simulator;

/// <summary>Builds the product's <see cref="CameraSimulator"/> from one of the captured fixtures.</summary>
public static class FixtureSimulator
{
    public static CameraSimulator Start(string fixture, double speed = 1.0) =>
        new(File.ReadAllText(RtpDump.FixturePath(fixture + ".sdp")), RtpDumpReader.Read(File.ReadAllBytes(RtpDump.FixturePath(fixture + ".rtpdump"))), speed);
}
