using System.Diagnostics;
using System.Globalization;
using Nvr.Control.Search;
using Nvr.Protocol.Search;
using Nvr.Storage.Index;
using RecordingModel = Nvr.Control.Recordings.Model.Recording;

namespace Nvr.Bench.Search;

/// <summary>
/// The sized index benchmark of issue 14 item 2 on either backend, outside BenchmarkDotNet (building millions of rows
/// does not fit its in-process setup limit on a loaded box): builds RECORDINGS × (video + audio) × HOURS of 10 s
/// segments (the same rows as <see cref="RecordingSearchBenchmark"/>), then times with a stopwatch
/// GetRecordingInformation (one recording described: two MIN/MAX seeks per track), FindRecordings + results (every
/// recording described, the XPath filter on each, results through a search session) and FindEvents over one hour, and
/// prints the index bytes per recorded hour. Usage:
/// <c>dotnet run -c Release --project bench/Nvr.Bench -- search-index RECORDINGS HOURS [POSTGRES-CONNECTION-STRING]</c>
/// (SQLite in the temp directory without a connection string; the PostgreSQL database should be empty: tables are
/// dropped and rebuilt).
/// </summary>
public static class SearchIndexSizing
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Run(string[] args)
    {
        var recordings = int.Parse(args[0], CultureInfo.InvariantCulture);
        var hours = int.Parse(args[1], CultureInfo.InvariantCulture);
        var location = args.Length > 2 ? IndexLocation.PostgreSql(args[2]) : IndexLocation.Sqlite(Path.Combine(Path.GetTempPath(), "nvr-bench-search", $"sizing-{recordings}x{hours}h.db"));
        Reset(location);
        var rows = (long)recordings * 2 * hours * 360;
        var build = Stopwatch.StartNew();
        using (var building = new RecordedRangeIndex(location))
        {
            for (var r = 0; r < recordings; r++)
            {
                building.AddMany(RecordingSearchBenchmark.Segments(r, hours));
            }
        }

        build.Stop();
        using var index = new RecordedRangeIndex(location);
        if (location.PostgreSqlConnectionString is { } postgres)
        {
            Execute(postgres, "ANALYZE"); // fresh statistics, as autovacuum makes them after a bulk load
        }

        var bytes = index.SizeInBytes();
        Console.WriteLine($"{location}: {recordings} recordings × 2 tracks × {hours} h of 10 s segments = {rows:N0} rows, built in {build.Elapsed.TotalSeconds:F0} s " +
            $"({rows / build.Elapsed.TotalSeconds:N0} rows/s); {bytes / 1048576.0:F1} MiB = {bytes / ((double)recordings * hours) / 1024:F0} KiB per recorded hour " +
            $"of one recording (video + audio), {bytes / (double)rows:F0} B per row");

        var models = Enumerable.Range(0, recordings).Select(RecordingSearchBenchmark.Model).ToList();
        var catalog = new RecordingCatalog(null!, index);
        using var sessions = new SearchSessions(TimeProvider.System);
        var filter = RecordingInformationFilter.Compile("boolean(//Track[TrackType = \"Video\"])");
        var random = new Random(7);
        Report("GetRecordingInformation (one recording, random)", 500, () => catalog.Describe(models[random.Next(recordings)], false, []));
        Report($"FindRecordings + results ({recordings} recordings, XPath filter, pages of 500)", 10, () => FindRecordings(models, catalog, sessions, filter));
        Report("FindEvents, one recording over one hour (random)", 200, () =>
        {
            var information = catalog.Describe(models[random.Next(recordings)], false, []);
            var start = T0.AddHours(random.NextDouble() * Math.Max(0, hours - 1));
            return RecordingHistorySearch.Find([information], start, start.AddHours(1), true, index.GetRangesBetween, TimeSpan.FromSeconds(1), _ => true).Count;
        });
    }

    private static int FindRecordings(List<RecordingModel> models, RecordingCatalog catalog, SearchSessions sessions, RecordingInformationFilter filter)
    {
        var token = sessions.Start<RecordingInformation>(TimeSpan.FromSeconds(10), null, (sink, _) =>
        {
            foreach (var recording in models)
            {
                var information = catalog.Describe(recording, false, []);
                if (filter.Matches(information))
                {
                    sink.Add(information);
                }
            }

            return Task.CompletedTask;
        })!;
        var count = 0;
        while (true)
        {
            var page = sessions.GetResultsAsync<RecordingInformation>(token, null, 500, TimeSpan.FromSeconds(30)).GetAwaiter().GetResult()!;
            count += page.Items.Count;
            if (page.State == SearchState.Completed)
            {
                return count;
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> a few times to warm up, then <paramref name="runs"/> times: median, p95 and max.</summary>
    private static void Report<T>(string what, int runs, Func<T> action)
    {
        for (var i = 0; i < Math.Min(runs, 5); i++)
        {
            action();
        }

        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"| {what} | median {times[runs / 2]:F3} ms | p95 {times[(int)(runs * 0.95)]:F3} ms | max {times[^1]:F3} ms | {runs} runs |");
    }

    private static void Reset(IndexLocation location)
    {
        if (location.SqlitePath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return;
        }

        Execute(location.PostgreSqlConnectionString!, "DROP TABLE IF EXISTS segment_ranges, track_attributes, recorded_events");
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }
}
