using BenchmarkDotNet.Attributes;
using Nvr.Codecs.Fmp4;

namespace Nvr.Bench.Codecs;

/// <summary>
/// Fragmenting a 25 fps H.264 stream (+ AAC 48 kHz) into Annex B.6 MP4 segments (1 s fragments, 60 s segments).
/// One operation = 10 s of media (250 video frames, ~469 AAC frames) on a long-lived writer (steady state).
/// Output "Null" only sums the pieces (writer cost alone); "Copy" copies every piece into one reused buffer
/// (the cost of a vectored write into the page cache). Payload MB/s = PayloadBytesPerOp / mean time.
/// </summary>
[Config(typeof(InProcessShortRunConfig)), MemoryDiagnoser]
public class FragmentingBenchmarks
{
    private const int FramesPerOp = 250;
    private static readonly byte[] Sps = Convert.FromHexString("6742C01EDA0280BFE5C0440000030004000003019078B174A0");
    private static readonly byte[] Pps = Convert.FromHexString("68CE3C80");

    private ReadOnlyMemory<byte>[][] _frames = [];
    private ReadOnlyMemory<byte> _aac;
    private Mp4SegmentWriter _writer = null!;
    private long _videoDts;
    private long _audioDts;

    [Params(2, 16)]
    public int MegabitsPerSecond { get; set; }

    [Params("Null", "Copy")]
    public string Output { get; set; } = "Null";

    /// <summary>Video payload bytes per operation.</summary>
    public long PayloadBytesPerOp { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        int average = MegabitsPerSecond * 1_000_000 / 8 / 25;
        var rng = new Random(1);
        _frames = new ReadOnlyMemory<byte>[FramesPerOp][];
        for (int i = 0; i < FramesPerOp; i++)
        {
            bool key = i % 25 == 0;
            int size = key ? average * 4 : average * 21 / 24; // I-frame 4x a P-frame, same average
            var nal = new byte[size];
            rng.NextBytes(nal);
            nal[0] = key ? (byte)0x65 : (byte)0x41;
            _frames[i] = [new byte[] { 0x06, 0x05, 0x01, 0x80 }, nal]; // SEI + slice
            PayloadBytesPerOp += size + 4;
        }
        _aac = new byte[300];
        ISegmentOutput output = Output == "Copy" ? new CopyingOutput() : new NullOutput();
        _writer = new Mp4SegmentWriter(
            [TrackDescription.ForH264(Sps, [Pps]), TrackDescription.ForAac(Nvr.Codecs.Aac.AudioSpecificConfig.Create(2, 48000, 2))],
            output, new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(1), SegmentDuration = TimeSpan.FromSeconds(60) });
        _writer.SetUtcAnchor(0, 0, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        _writer.SetUtcAnchor(1, 0, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        for (int i = 0; i < 3; i++) FragmentTenSeconds(); // grow pooled buffers, open the first segment
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Description = "10 s of H.264+AAC into MP4 fragments")]
    public void FragmentTenSeconds()
    {
        for (int i = 0; i < FramesPerOp; i++)
        {
            _writer.AddSample(0, _videoDts, 0, i % 25 == 0, _frames[i]);
            _videoDts += 3600;
            // interleave audio up to this video time (48 kHz, 1024-sample frames), as it arrives from a camera
            while (_audioDts * 90000L <= _videoDts * 48000L)
            {
                _writer.AddFrame(1, _audioDts, _aac);
                _audioDts += 1024;
            }
        }
    }

    private sealed class NullOutput : ISegmentOutput
    {
        public long Bytes;

        public void BeginSegment(SegmentStarted segment)
        {
        }

        public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
        {
            for (int i = 0; i < pieces.Count; i++) Bytes += pieces[i].Length;
        }

        public void EndSegment(SegmentEnded segment)
        {
        }
    }

    private sealed class CopyingOutput : ISegmentOutput
    {
        private byte[] _buffer = new byte[4 << 20];

        public void BeginSegment(SegmentStarted segment)
        {
        }

        public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
        {
            int p = 0;
            for (int i = 0; i < pieces.Count; i++)
            {
                ReadOnlySpan<byte> s = pieces[i].Span;
                if (p + s.Length > _buffer.Length) Array.Resize(ref _buffer, (p + s.Length) * 2);
                s.CopyTo(_buffer.AsSpan(p));
                p += s.Length;
            }
        }

        public void EndSegment(SegmentEnded segment)
        {
        }
    }
}
