#if NVR_RECORDING_BENCH
using BenchmarkDotNet.Attributes;
using Nvr.Pipeline.Media;
using Nvr.Recording;
using Nvr.Storage.Local;

namespace Nvr.Bench.Recording;

/// <summary>
/// Cost per access unit of event-gated recording with no window open: routing, decode-time reconstruction, the gate,
/// the pre-event ring (the pooled units themselves) and the release of the GOPs that age out of the pre-event time.
/// One operation = one video access unit of the 640x360 H.264 test clip (25 fps, GOP 1 s), including building the
/// pooled unit as an ingest does. The goal is 0 B allocated per unit once the ring has reached its working size.
/// ShortRun in-process (the out-of-process build times out on the shared machine).
/// Needs ${NVR_TEST_MEDIA:-/tmp/nvr-test-media}/recording-es/video-only.h264 (extracted by the recording tests).
/// </summary>
[Config(typeof(Nvr.Bench.Codecs.InProcessShortRunConfig))]
[MemoryDiagnoser]
public class EventGatingBenchmark
{
    private const int FramesPerInvoke = 2500;
    private VideoOnlyClip _clip = null!;
    private string _directory = string.Empty;
    private RecordingSession _session = null!;
    private long _frame;

    /// <summary>Pre-event time held in the ring (seed 5.3.4 Before).</summary>
    [Params(1, 10)]
    public int PreEventSeconds { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _clip = VideoOnlyClip.Load();
        _directory = Path.Combine(Path.GetTempPath(), "nvr-bench-gating", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _session = _clip.NewSession(new LocalDiskSink(_directory));
        _session.EnableEventGating(TimeSpan.FromSeconds(PreEventSeconds));
        _session.ProcessRequestsSynchronously();
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke)]
    public void GatedAccessUnitThroughTheRing()
    {
        Span<NalRange> ranges = stackalloc NalRange[16];
        for (int i = 0; i < FramesPerInvoke; i++, _frame++)
        {
            _session.ProcessUnitSynchronously(_clip.Unit(_frame, ranges), 0);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var stats = _session.GetStatistics();
        Console.WriteLine($"// gating: {stats.UnitsReceived} units, {stats.SamplesWritten} written, {stats.HeldUnits} held ({stats.HeldBytes} B), {stats.PreEventUnitsReleased} aged out, {stats.PreEventGopsDropped} GOPs dropped");
        _session.StopSynchronously();
        Directory.Delete(_directory, recursive: true);
    }
}
#endif
