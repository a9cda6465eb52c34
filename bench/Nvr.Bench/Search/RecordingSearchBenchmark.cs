using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Nvr.Control.Recordings.Model;
using Nvr.Control.Search;
using Nvr.Protocol.Search;
using Nvr.Storage.Index;
using RecordingModel = Nvr.Control.Recordings.Model.Recording;

namespace Nvr.Bench.Search;

/// <summary>
/// The search service's index side over a sized recorded-range index (SQLite): <see cref="Recordings"/> recordings,
/// each with a video and an audio track of <see cref="Hours"/> hours of 10 s segments (rows = recordings × 2 ×
/// hours × 360). GetRecordingInformation = one recording described (two MIN/MAX seeks per track); FindRecordings =
/// every recording described, the XPath RecordingInformationFilter evaluated on each, results through a search
/// session; FindEvents = one recording's history over one hour (windowed range scans). The actor asks of the real
/// service (recordings and jobs lists) are not included. The index bytes per recorded hour are printed at setup.
/// Built once per size under the temp directory and reused. Run with <c>--job short --inProcess</c> (docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
public class RecordingSearchBenchmark
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private RecordedRangeIndex _index = null!;
    private RecordingCatalog _catalog = null!;
    private List<RecordingModel> _recordings = [];
    private SearchSessions _sessions = null!;
    private RecordingInformationFilter _filter = null!;

    [Params(1000)]
    public int Recordings { get; set; }

    [Params(1)]
    public int Hours { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), "nvr-bench-search", $"index-{Recordings}x{Hours}h.db");
        _recordings = Enumerable.Range(0, Recordings).Select(Model).ToList();
        if (!File.Exists(path))
        {
            var partial = path + ".partial";
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Delete(partial);
            using (var building = new RecordedRangeIndex(partial))
            {
                for (var r = 0; r < Recordings; r++)
                {
                    building.AddMany(Segments(r));
                }
            } // the last connection closing checkpoints the WAL into the file

            File.Move(partial, path); // complete indexes only are reused
        }

        _index = new RecordedRangeIndex(path);
        var bytes = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
        Console.WriteLine($"// index: {Recordings} recordings × 2 tracks × {Hours} h of 10 s segments = {(long)Recordings * 2 * Hours * 360:N0} rows, " +
            $"{bytes / 1048576.0:F1} MiB, {bytes / ((double)Recordings * Hours):F0} bytes per recorded hour (video + audio track)");
        _catalog = new RecordingCatalog(null!, _index);
        _sessions = new SearchSessions(TimeProvider.System);
        _filter = RecordingInformationFilter.Compile("boolean(//Track[TrackType = \"Video\"])");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sessions.Dispose();
        _index.Dispose();
    }

    [Benchmark]
    public RecordingInformation GetRecordingInformation() => _catalog.Describe(_recordings[Recordings / 2], false, []);

    [Benchmark]
    public async Task<int> FindRecordingsWithFilter()
    {
        var token = _sessions.Start<RecordingInformation>(TimeSpan.FromSeconds(10), null, (sink, _) =>
        {
            foreach (var recording in _recordings)
            {
                var information = _catalog.Describe(recording, false, []);
                if (_filter.Matches(information))
                {
                    sink.Add(information);
                }
            }

            return Task.CompletedTask;
        })!;
        var count = 0;
        while (true)
        {
            var page = (await _sessions.GetResultsAsync<RecordingInformation>(token, null, 500, TimeSpan.FromSeconds(30)))!;
            count += page.Items.Count;
            if (page.State == SearchState.Completed)
            {
                return count;
            }
        }
    }

    [Benchmark]
    public int FindEventsOneHour()
    {
        var information = _catalog.Describe(_recordings[Recordings / 3], false, []);
        var start = T0.AddHours(Hours / 2.0);
        return RecordingHistorySearch.Find([information], start, start.AddHours(1), true, _index.GetRangesBetween, TimeSpan.FromSeconds(1), _ => true).Count;
    }

    internal static RecordingModel Model(int r) => new(
        $"rec-{r:D4}",
        new RecordingConfiguration(new RecordingSource($"urn:cam:{r}", $"cam {r}", r % 2 == 0 ? "Basement" : "Garage", "bench", "http://127.0.0.1"), "bench", TimeSpan.FromDays(30), null),
        [new Track("VIDEO001", new TrackConfiguration(TrackType.Video, "video")), new Track("AUDIO001", new TrackConfiguration(TrackType.Audio, "audio"))],
        ImmutableDictionary<TrackType, int>.Empty);

    private IEnumerable<RecordedSegment> Segments(int r) => Segments(r, Hours);

    internal static IEnumerable<RecordedSegment> Segments(int r, int hours)
    {
        for (var s = 0; s < hours * 360; s++)
        {
            var start = T0.AddSeconds(s * 10);
            var key = $"site/rec-{r:D4}/{start:yyyy-MM-dd/HH/mm-ss}.000Z.{s}.mp4";
            yield return new RecordedSegment($"rec-{r:D4}", "VIDEO001", start, start.AddSeconds(10), "local", key, 1_250_000, false);
            yield return new RecordedSegment($"rec-{r:D4}", "AUDIO001", start, start.AddSeconds(10), "local", key, 1_250_000, false);
        }
    }
}
