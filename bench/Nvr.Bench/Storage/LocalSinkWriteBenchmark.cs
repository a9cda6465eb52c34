using BenchmarkDotNet.Attributes;
using Nvr.Storage.Local;
using Nvr.Storage.Sinks;

namespace Nvr.Bench.Storage;

/// <summary>
/// Local disk sink: cost of one fragment write (vectored write of 4 chunks + fragment journal record), with
/// and without the per-fragment flush to disk that makes every fragment a recovery point. Each iteration
/// writes <see cref="FragmentsPerSegment"/> fragments into one segment; MB/s = FragmentBytes / mean time.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class LocalSinkWriteBenchmark
{
    /// <summary>Fragments written per iteration (one segment).</summary>
    public const int FragmentsPerSegment = 64;

    private readonly List<ReadOnlyMemory<byte>> _chunks = new(4);
    private string _root = string.Empty;
    private LocalDiskSink _sink = null!;
    private ISegmentWriter? _writer;
    private int _segment;

    /// <summary>Fragment size: 256 KiB ≈ one second of a 2 Mbit/s camera; 1 MiB ≈ a 8 Mbit/s one.</summary>
    [Params(256 * 1024, 1024 * 1024)]
    public int FragmentBytes { get; set; }

    /// <summary>Flush every fragment to disk (production setting) or leave it to the page cache.</summary>
    [Params(true, false)]
    public bool FlushEachFragment { get; set; }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _root = Path.Combine(Path.GetTempPath(), "nvr-bench-storage", Guid.NewGuid().ToString("N"));
        _sink = new LocalDiskSink(_root, flushEachFragment: FlushEachFragment);
        var bytes = new byte[FragmentBytes];
        new Random(1).NextBytes(bytes);
        int quarter = FragmentBytes / 4;
        for (int i = 0; i < 4; i++)
        {
            _chunks.Add(bytes.AsMemory(i * quarter, quarter));
        }
    }

    [IterationSetup]
    public void OpenSegment()
    {
        var key = $"bench/2022-11-08/15/{_segment / 60 % 60:D2}-{_segment % 60:D2}.000Z.{_segment}.mp4";
        _segment++;
        _writer = _sink.OpenSegmentAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes())).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = 1)]
    [InvocationCount(FragmentsPerSegment)]
    public ValueTask WriteFragment() => _writer!.WriteFragmentAsync(_chunks);

    [IterationCleanup]
    public void CompleteAndDeleteSegment()
    {
        _writer!.CompleteAsync().AsTask().GetAwaiter().GetResult();
        _sink.DeleteObject(_writer.Metadata.Key);
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void GlobalCleanup() => Directory.Delete(_root, recursive: true);
}
