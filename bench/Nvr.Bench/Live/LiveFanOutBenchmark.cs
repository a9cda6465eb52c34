using BenchmarkDotNet.Attributes;
using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Packetizers;
using Nvr.Pipeline.RtspServer;
using Nvr.Recording.Live;

namespace Nvr.Bench.Live;

/// <summary>
/// The live relay's cost per viewer on one core, without sockets: a 720p-like H.264 GOP (60 KB IDR, 6 KB P frames) is
/// written into a source channel as the ingest writes it; the relay's tap queues each unit to <see cref="Viewers"/>
/// viewers by reference, and each viewer reads it and packetizes it with its own packetizer (what its RTSP session
/// does) into a sink that only counts. One operation is one access unit relayed to every viewer; the recording's
/// reader releases the channel's copy.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LiveFanOutBenchmark
{
    private const int Frames = 250;
    private readonly List<(IReplayCursor Cursor, NalPacketizer Packetizer)> _viewers = [];
    private readonly CountingSink _sink = new();
    private byte[][] _frames = [];
    private LiveRelay _relay = null!;
    private AccessUnitChannel _channel = null!;
    private IDisposable _publication = null!;

    [Params(1, 20)]
    public int Viewers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _frames = Enumerable.Range(0, Frames).Select(i =>
        {
            var frame = new byte[i % 25 == 0 ? 60_000 : 6_000];
            random.NextBytes(frame);
            frame[0] = (byte)(i % 25 == 0 ? 0x65 : 0x41);
            return frame;
        }).ToArray();
        _relay = new LiveRelay(new LiveRelayOptions { ViewerQueueUnits = Frames + 1 });
        _channel = new AccessUnitChannel(Frames + 1);
        var video = new StreamDescription { Index = 0, Kind = MediaKind.Video, Codec = MediaCodec.H264, EncodingName = "H264", PayloadType = 96, ClockRate = 90000 };
        _publication = _relay.Publish("RCV0001", _channel, [video]);
        var source = _relay.FindAsync(LiveRelay.PathOf("RCV0001"), CancellationToken.None).AsTask().GetAwaiter().GetResult()!;
        for (var v = 0; v < Viewers; v++)
        {
            _viewers.Add((source.Open(null, CancellationToken.None), new NalPacketizer(MediaCodec.H264, 96, (uint)v, 1400)));
        }

        Run(); // warm the pools
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var (cursor, _) in _viewers)
        {
            cursor.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _publication.Dispose();
        _relay.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public long RelayToEveryViewer() => Run();

    private long Run()
    {
        for (var i = 0; i < Frames; i++)
        {
            var buffer = PooledBuffer.Rent(_frames[i].Length);
            buffer.Append(_frames[i]);
            _channel.OnAccessUnit(AccessUnit.Create(
                new AccessUnitInfo(0, MediaKind.Video, MediaCodec.H264, 90000, i * 3600L, i % 25 == 0, DateTime.UnixEpoch.AddMilliseconds(40 * i)),
                buffer,
                [new NalRange(0, _frames[i].Length)]));
        }

        while (_channel.Reader.TryRead(out var recorded))
        {
            recorded.Release(); // the recording's consumer
        }

        foreach (var (cursor, packetizer) in _viewers)
        {
            for (var i = 0; i < Frames; i++)
            {
                var read = cursor.ReadAsync(CancellationToken.None); // completes synchronously: the unit is queued
                if (!(read.IsCompleted ? read.Result : read.AsTask().GetAwaiter().GetResult()))
                {
                    throw new InvalidOperationException("a viewer ended");
                }

                var frame = cursor.Current;
                packetizer.Packetize(frame.Payload.Span, frame.Units.Span, (uint)frame.SourceRtpTimestamp, _sink);
            }
        }

        return _sink.Packets;
    }

    private sealed class CountingSink : IRtpPacketSink
    {
        public long Packets { get; private set; }

        public void OnPacket(ReadOnlySpan<byte> packet) => Packets++;
    }
}
