using System.Buffers;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Nvr.Pipeline.Depacketizers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Packetizers;
using Nvr.Pipeline.Rtsp;

namespace Nvr.Bench.Pipeline;

/// <summary>
/// The ingest hot path on one core: RTSP-interleaved framing parse → RTP parse → sequence/timestamp handling →
/// depacketize (H.264 FU-A/single NAL + AAC) → pooled access unit → consumer releases it. One operation is one
/// packet (OperationsPerInvoke), so "Allocated" is bytes per packet. <see cref="HeldUnits"/> is how many of the
/// latest units the consumer holds before releasing the oldest: 0 releases at once; 3600 is what a recorder holds
/// for 50 cameras (≈ 72 units per camera in the open one-second fragment), where the payload pool must still hit.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class IngestParseBenchmark
{
    private const int Frames = 250;
    private byte[] _stream = [];
    private int _packetCount;
    private RtpStreamReceiver _video = null!;
    private RtpStreamReceiver _audio = null!;

    [Params(0, 3600)]
    public int HeldUnits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var packets = new List<(int Channel, byte[] Data)>();
        var videoSink = new Collector(packets, 0);
        var audioSink = new Collector(packets, 2);
        var h264 = new NalPacketizer(MediaCodec.H264, 96, 1, 1400);
        var aac = new FramePacketizer(MediaCodec.Aac, 97, 2, 1400);
        var random = new Random(1);
        for (var i = 0; i < Frames; i++)
        {
            // 720p-like sizes: a 60 KB IDR every 25 frames, 6 KB P frames; two ~300-byte AAC frames per video frame.
            var size = i % 25 == 0 ? 60_000 : 6_000;
            var frame = new byte[size];
            random.NextBytes(frame);
            frame[0] = (byte)(i % 25 == 0 ? 0x65 : 0x41);
            h264.Packetize(frame, [new NalRange(0, size)], (uint)(i * 3600), videoSink);
            for (var a = 0; a < 2; a++)
            {
                var audioFrame = new byte[300];
                random.NextBytes(audioFrame);
                aac.Packetize(audioFrame, [new NalRange(0, 300)], (uint)(((i * 2) + a) * 1024), audioSink);
            }
        }

        _packetCount = packets.Count;
        if (_packetCount != PacketsPerPass)
        {
            throw new InvalidOperationException($"setup made {_packetCount} packets, OperationsPerInvoke says {PacketsPerPass}");
        }

        _stream = packets.SelectMany(p => new byte[] { (byte)'$', (byte)p.Channel, (byte)(p.Data.Length >> 8), (byte)p.Data.Length }.Concat(p.Data)).ToArray();
        var sink = new HoldingSink(HeldUnits);
        _video = new RtpStreamReceiver(new StreamDescription { Index = 0, Kind = MediaKind.Video, Codec = MediaCodec.H264, EncodingName = "H264", PayloadType = 96, ClockRate = 90000 }, sink, TimeProvider.System);
        _audio = new RtpStreamReceiver(
            new StreamDescription
            {
                Index = 1, Kind = MediaKind.Audio, Codec = MediaCodec.Aac, EncodingName = "mpeg4-generic", PayloadType = 97, ClockRate = 48000,
                FormatParameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["sizelength"] = "13", ["indexlength"] = "3", ["indexdeltalength"] = "3" },
            },
            sink,
            TimeProvider.System);
        for (var pass = 0; pass <= HeldUnits / 300; pass++)
        {
            Run();  // warm the pools (and fill the held units)
        }
    }

    private const int PacketsPerPass = 2140;

    [Benchmark(OperationsPerInvoke = PacketsPerPass)]
    public int ParseAndDepacketize() => Run();

    private int Run()
    {
        // Each pass replays the same packets: the receivers start over (as after a reconnect) at the IDR.
        _video.Reset();
        _audio.Reset();
        var buffer = new ReadOnlySequence<byte>(_stream);
        var frames = 0;
        while (!buffer.IsEmpty && RtspStreamParser.TryReadInterleaved(ref buffer, out var channel, out var payload))
        {
            (channel == 0 ? _video : _audio).OnRtp(payload.FirstSpan);
            frames++;
        }

        return frames;
    }

    private sealed class Collector(List<(int Channel, byte[] Data)> packets, int channel) : IRtpPacketSink
    {
        public void OnPacket(ReadOnlySpan<byte> packet) => packets.Add((channel, packet.ToArray()));
    }

    private sealed class HoldingSink(int held) : IAccessUnitSink
    {
        private readonly Queue<AccessUnit> _held = new(held + 1);

        public void OnAccessUnit(AccessUnit unit)
        {
            _held.Enqueue(unit);
            if (_held.Count > held)
            {
                _held.Dequeue().Release();
            }
        }
    }
}
