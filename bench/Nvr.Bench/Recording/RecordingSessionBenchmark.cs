#if NVR_RECORDING_BENCH
using BenchmarkDotNet.Attributes;
using Nvr.Pipeline.Media;
using Nvr.Recording;
using Nvr.Storage.Local;

namespace Nvr.Bench.Recording;

/// <summary>
/// End-to-end cost per access unit through the recording session (routing, decode-time reconstruction, segment
/// roll decisions), the MP4 segment writer and a <see cref="LocalDiskSink"/> (on the sink writer thread, waited for
/// once per second of media). One operation = one video access unit
/// of the 640x360 H.264 test clip (25 fps, GOP 1 s), including building the pooled unit as an ingest does;
/// segments of 2 s, so segment open/complete and the span's files are part of the cost.
/// Needs the generated media (tests/peers/make-media.sh; the clip extracted by the recording tests) in
/// ${NVR_TEST_MEDIA:-/tmp/nvr-test-media}/recording-es/video-only.h264.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class RecordingSessionBenchmark
{
    private const int FramesPerInvoke = 2500;
    private const int FramesPerSecond = 25;
    private VideoOnlyClip _clip = null!;
    private string _directory = string.Empty;
    private RecordingSession _session = null!;
    private long _frame;

    [Params(false, true)]
    public bool FlushEachFragment { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clip = VideoOnlyClip.Load();
        _directory = Path.Combine(Path.GetTempPath(), "nvr-bench-recording", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _session = _clip.NewSession(new LocalDiskSink(_directory, flushEachFragment: FlushEachFragment));
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public void AccessUnitIntoSegments()
    {
        Span<NalRange> ranges = stackalloc NalRange[16];
        for (int i = 0; i < FramesPerInvoke; i++, _frame++)
        {
            _session.ProcessUnitSynchronously(_clip.Unit(_frame, ranges), 0);
            if (_frame % FramesPerSecond == FramesPerSecond - 1)
            {
                // once per fragment (1 s): wait for the sink writer thread, as a storage that keeps up does (its I/O
                // is part of the cost, and the pooled fragment buffers come back as they would)
                _session.ProcessRequestsSynchronously();
            }
        }
    }

    [IterationCleanup]
    public void DeleteWrittenSegments()
    {
        foreach (var file in Directory.EnumerateFiles(_directory, "*.mp4", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        foreach (var file in Directory.EnumerateFiles(_directory, "*.json", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.StopSynchronously();
        Directory.Delete(_directory, recursive: true);
    }
}
#endif
