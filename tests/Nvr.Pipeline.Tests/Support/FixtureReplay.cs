using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Sdp;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>Feeds a captured fixture (rtpdump + SDP) through stream receivers, as the ingest would.</summary>
public sealed class FixtureReplay
{
    public FixtureReplay(string name)
    {
        Description = SdpParser.Parse(File.ReadAllText(RtpDump.FixturePath(name + ".sdp")), new Uri("rtsp://127.0.0.1:8554/fixture"));
        Records = RtpDump.Read(RtpDump.FixturePath(name + ".rtpdump"));
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        Receivers = Description.Streams.Select(s => new RtpStreamReceiver(s, Collector, Time)).ToList();
    }

    public SessionDescription Description { get; }

    public List<RtpDumpRecord> Records { get; }

    public FakeTimeProvider Time { get; }

    public UnitCollector Collector { get; } = new();

    public List<RtpStreamReceiver> Receivers { get; }

    public IEnumerable<byte[]> RtpOf(int streamIndex) =>
        Records.Where(r => !r.IsRtcp && r.PayloadType == Description.Streams[streamIndex].PayloadType).Select(r => r.Packet);

    public List<CapturedUnit> UnitsOf(MediaKind kind) => Collector.Units.Where(u => u.Kind == kind).ToList();

    /// <summary>Replays every record (optionally transformed per stream) and returns the collected units.</summary>
    public List<CapturedUnit> Run(Func<int, IEnumerable<byte[]>, IEnumerable<byte[]>>? transform = null)
    {
        for (var s = 0; s < Receivers.Count; s++)
        {
            var packets = RtpOf(s);
            foreach (var packet in transform is null ? packets : transform(s, packets))
            {
                Time.Advance(TimeSpan.FromMilliseconds(1));
                Receivers[s].OnRtp(packet);
            }
        }

        return Collector.Units;
    }
}
