#if NVR_RECORDING_BENCH
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Nvr.Bench.Recording;
using Nvr.Codecs.Cenc.Config;
using Nvr.Codecs.Mp4.Reading;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.RtspServer;
using Nvr.Recording;
using Nvr.Recording.Export;
using Nvr.Recording.Replay;
using Nvr.Storage.Configuration;
using Nvr.Storage.Export;
using Nvr.Storage.Index;
using Nvr.Storage.Local;

namespace Nvr.Bench.Replay;

/// <summary>
/// Replay throughput from local disk on one core, without a socket (the `Rate-Control: no` path: as fast as the
/// client reads). GlobalSetup records 60 s of the 640x360 H.264 test clip (25 fps, GOP 1 s, ≈ 0.7 Mbit/s) through
/// the recording session, the MP4 segment writer and a <see cref="LocalDiskSink"/> into 2 s fMP4 segments (clear, or
/// CENC-encrypted with <see cref="Cenc"/>) and indexes them as the engine does. One invocation replays the whole
/// recording through the production read path: <see cref="RecordingReplayCatalog"/> →
/// <see cref="RecordingReplaySource"/> → its cursor (the index's segments, <see cref="ClearSegmentObjectReader"/>
/// reading each file with <see cref="RecordedObjectReader"/> and decrypting protected samples in place, the parsed
/// segment cache with one segment prefetched), then per access unit what the RTSP server's play loop does
/// (RtspServerConnection.StreamAsync): the replay header extension's flags, <c>SessionStream.Send</c> (its
/// <c>NalPacketizer</c> and <c>InterleavedRtpWriter</c>: RTP with the ONVIF extension, RFC 2326 §10.12 framing) into
/// a connection-like bounded <see cref="Pipe"/> whose reader discards (the socket write is left out), and the final
/// SR + BYE. One operation is one access unit sent. The process CPU time over the invocations (every thread: the
/// prefetch reads and decrypts on the thread pool) is printed per frame at the end, beside BenchmarkDotNet's wall time.
/// No job attribute: run it with <c>--job short --inProcess</c> (docs/benchmarks.md; an out-of-process build times out on the shared box).
/// Needs ${NVR_TEST_MEDIA:-/tmp/nvr-test-media}/recording-es/video-only.h264.
/// </summary>
[MemoryDiagnoser]
public class ReplayThroughputBenchmark
{
    private const string Recording = "REC0001";
    private const string Storage = "local";
    private const int FramesPerSecond = 25;
    private const int Seconds = 60;
    private const int Frames = Seconds * FramesPerSecond;
    private const int KeyFrames = Seconds; // GOP 1 s
    private const int PlayCSeq = 4;
    private const string Kid = "00112233445566778899aabbccddeeff";

    private string _directory = string.Empty;
    private RecordedRangeIndex _index = null!;
    private IRtspMediaSource _source = null!;
    private RtspServerSession.SessionStream[] _streams = [];
    private Pipe _output = null!;
    private long _bytesOut;
    private long _payloadBytes;
    private TimeSpan _cpu;
    private long _framesTimed;

    /// <summary>The recording's segments are CENC-encrypted (AES-CTR, subsamples): the replay decrypts them.</summary>
    [Params(false, true)]
    public bool Cenc { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var clip = VideoOnlyClip.Load();
        _directory = Path.Combine(Path.GetTempPath(), "nvr-bench-replay", Guid.NewGuid().ToString("N"));
        var storageDirectory = Path.Combine(_directory, "storage");
        var key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var target = new RecordingTarget
        {
            SegmentDuration = TimeSpan.FromSeconds(2),
            Encryption = Cenc ? [EncryptionEntry.FromOnvif("CENC", Kid, key, [])] : [],
        };
        _index = new RecordedRangeIndex(Path.Combine(_directory, "index.db"));
        Record(clip, target, storageDirectory);

        var files = Directory.EnumerateFiles(storageDirectory, "*.mp4", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0 || RecordingDecryptor.IsProtected(Fmp4File.Parse(File.ReadAllBytes(files[0]))) != Cenc)
        {
            throw new InvalidOperationException($"{files.Count} segments recorded, protected: expected {Cenc}");
        }

        var storages = new StorageCatalog([new LocalStorageConfiguration(Storage, storageDirectory)]);
        IReadOnlyDictionary<string, byte[]> keys = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [Kid] = key };
        var reader = new ClearSegmentObjectReader(new RecordedObjectReader(storages, Path.Combine(_directory, "spool")), (_, _) => Task.FromResult(keys));
        var catalog = new RecordingReplayCatalog(_index, reader);
        _source = catalog.FindAsync(RecordingReplayCatalog.PathOf(Recording), CancellationToken.None).AsTask().GetAwaiter().GetResult()
            ?? throw new InvalidOperationException("the recording is not replayable");
        var options = new RtspServerOptions();
        _streams = _source.Streams
            .Select((stream, i) => new RtspServerSession.SessionStream(stream, i, new InterleavedRtpWriter((byte)(2 * i)), options.MaxPacketSize))
            .ToArray();
        _output = new Pipe(new PipeOptions(pauseWriterThreshold: options.SendBufferBytes, resumeWriterThreshold: options.SendBufferBytes / 2, useSynchronizationContext: false));

        // Once each way (warms the pools, checks what an operation counts), then the figures for MB/s.
        foreach (var (intra, expected) in new[] { (false, Frames), (true, KeyFrames) })
        {
            _bytesOut = 0;
            _payloadBytes = 0;
            var sent = Replay(intra);
            if (sent != expected)
            {
                throw new InvalidOperationException($"replay sent {sent} access units, expected {expected} (intra: {intra})");
            }

            Console.WriteLine(
                $"// replay (cenc {Cenc}, intra {intra}): {sent} access units, {files.Count} segments of {files.Sum(f => new FileInfo(f).Length) / files.Count} B, " +
                $"payload {_payloadBytes} B ({_payloadBytes / sent} B per unit), interleaved out {_bytesOut} B ({_bytesOut / sent} B per unit)");
        }

        _cpu = TimeSpan.Zero;
        _framesTimed = 0;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_framesTimed > 0)
        {
            Console.WriteLine($"// replay (cenc {Cenc}): process CPU {_cpu.TotalMicroseconds / _framesTimed:F2} µs per access unit sent over {_framesTimed} units (all threads)");
        }

        _index.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Every access unit of the recording (<c>Range: clock=</c> the recording's start, <c>Rate-Control: no</c>).</summary>
    [Benchmark(OperationsPerInvoke = Frames)]
    public long EveryFrame() => Timed(intra: false);

    /// <summary><c>Frames: intra</c>: the cursor still reads every segment; only the key frames are sent. An operation is one key frame sent.</summary>
    [Benchmark(OperationsPerInvoke = KeyFrames)]
    public long KeyFramesOnly() => Timed(intra: true);

    private long Timed(bool intra)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var sent = Replay(intra);
        _cpu += Environment.CpuUsage.TotalTime - cpu;
        _framesTimed += sent;
        return sent;
    }

    private long Replay(bool intra) => ReplayAsync(intra).AsTask().GetAwaiter().GetResult();

    /// <summary>The server's play loop without pacing, sender-report timer or write gate (one stream writer here).</summary>
    private async ValueTask<long> ReplayAsync(bool intra)
    {
        var writer = _output.Writer;
        long sent = 0;
        await using (var cursor = _source.Open(null, CancellationToken.None))
        {
            while (await cursor.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                var frame = cursor.Current;
                var stream = _streams[frame.Stream];
                if (intra && (!stream.Stream.Codec.IsNalVideo() || !frame.IsCleanPoint))
                {
                    continue;
                }

                stream.Send(writer, frame, ReplayHeaderExtension.FlagsOf(frame, discontinuity: false), PlayCSeq, live: false);
                await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false); // completes at once: drained below
                Drain();
                _payloadBytes += frame.Payload.Length;
                sent++;
            }
        }

        foreach (var stream in _streams)
        {
            stream.Writer.WriteSenderReport(writer, stream.Ssrc, 0, 0, bye: true);
        }

        await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        Drain();
        return sent;
    }

    /// <summary>The connection's pump without the socket: takes what was framed and discards it.</summary>
    private void Drain()
    {
        var reader = _output.Reader;
        if (reader.TryRead(out var result))
        {
            _bytesOut += result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
        }
    }

    /// <summary>Records <see cref="Frames"/> units of the clip into <paramref name="directory"/>, indexing each stored segment as the engine does.</summary>
    private void Record(VideoOnlyClip clip, RecordingTarget target, string directory)
    {
        using var sink = new LocalDiskSink(directory, flushEachFragment: false);
        var session = clip.NewSession(sink, target);
        session.SegmentCompleted += segment =>
        {
            if (segment.Stored)
            {
                foreach (var track in segment.Tracks)
                {
                    _index.Add(new RecordedSegment(Recording, track, segment.StartUtc, segment.EndUtc, Storage, segment.Key, segment.Bytes, false));
                }
            }
        };
        Span<NalRange> ranges = stackalloc NalRange[16];
        for (var frame = 0; frame < Frames; frame++)
        {
            session.ProcessUnitSynchronously(clip.Unit(frame, ranges), 0);
            if (frame % FramesPerSecond == FramesPerSecond - 1)
            {
                session.ProcessRequestsSynchronously();
            }
        }

        session.StopSynchronously();
    }
}
#endif
