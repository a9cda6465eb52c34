using System.Xml;
using System.Xml.Linq;
using Nvr.Load.Harness;

namespace Nvr.Load.Soak;

/// <summary>
/// The recorded-range index seen over SOAP (Recording Search FindEvents, tns1:RecordingHistory/Recording/State) against
/// the runs of segments found on disk and in the bucket: the same runs (gaps ≤ 1 s joined, as the search joins them),
/// each starting at its first segment's key time and ending at its last segment's end. Each run must also be one span:
/// counters 0, 1, 2… in time order (a restart starts a new span).
/// </summary>
public static class IndexCheck
{
    private static readonly XNamespace Tse = SoakConfiguration.Tse;
    private static readonly XNamespace Tt = LoadSoapClient.Tt;
    private static readonly TimeSpan Join = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StartTolerance = TimeSpan.FromMilliseconds(2);

    public sealed record Run(DateTimeOffset Start, DateTimeOffset End, bool EndsRecovered, IReadOnlyList<long> Counters);

    /// <summary>Runs of the segments starting before <paramref name="until"/>, in time order.</summary>
    public static List<Run> StorageRuns(IEnumerable<CheckedSegment> segments, DateTimeOffset until)
    {
        var runs = new List<Run>();
        foreach (var s in segments.Where(s => s.Start < until && !s.Key.EndsWith("_end", StringComparison.Ordinal)).OrderBy(s => s.Start))
        {
            if (runs.Count > 0 && s.Start - runs[^1].End <= Join)
            {
                var last = runs[^1];
                runs[^1] = s.End >= last.End ? last with { End = s.End, EndsRecovered = s.Recovered, Counters = [.. last.Counters, s.Counter] } : last with { Counters = [.. last.Counters, s.Counter] };
                continue;
            }

            runs.Add(new Run(s.Start, s.End, s.Recovered, [s.Counter]));
        }

        return runs;
    }

    /// <summary>Violations of one-span-per-run (counters must be 0..n-1).</summary>
    public static IEnumerable<string> SpanViolations(string recording, IEnumerable<Run> runs) =>
        runs.Where(r => !r.Counters.SequenceEqual(Enumerable.Range(0, r.Counters.Count).Select(i => (long)i)))
            .Select(r => $"{recording}: the run from {Utc(r.Start)} has counters {string.Join(",", r.Counters.Take(12))} (not one span 0..n-1)");

    /// <summary>(start, end) pairs of Recording/State events per recording between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static async Task<Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset? End)>>> IndexRunsAsync(
        LoadSoapClient soap, string searchService, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string wsnt = "http://docs.oasis-open.org/wsn/b-2";
        var filter = $"<SearchFilter><wsnt:TopicExpression xmlns:wsnt=\"{wsnt}\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\" " +
                     "Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">tns1:RecordingHistory/Recording/State</wsnt:TopicExpression></SearchFilter>";
        var token = (await soap.CallAsync(searchService, SoakConfiguration.Tse, "FindEvents",
            $"<StartPoint>{Utc(from)}</StartPoint><EndPoint>{Utc(to)}</EndPoint><Scope/>{filter}<IncludeStartState>false</IncludeStartState><KeepAliveTime>PT30S</KeepAliveTime>",
            cancellationToken)).Element(Tse + "SearchToken")!.Value;
        var results = new List<XElement>();
        for (var state = string.Empty; state != "Completed";)
        {
            var list = (await soap.CallAsync(searchService, SoakConfiguration.Tse, "GetEventSearchResults",
                $"<SearchToken>{token}</SearchToken><MaxResults>1000</MaxResults><WaitTime>PT10S</WaitTime>", cancellationToken)).Element(Tse + "ResultList")!;
            results.AddRange(list.Elements(Tt + "Result"));
            state = list.Element(Tt + "SearchState")!.Value;
        }

        var runs = new Dictionary<string, List<(DateTimeOffset Start, DateTimeOffset? End)>>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            var recording = result.Element(Tt + "RecordingToken")!.Value;
            var time = new DateTimeOffset(XmlConvert.ToDateTime(result.Element(Tt + "Time")!.Value, XmlDateTimeSerializationMode.Utc));
            var isRecording = (string?)result.Descendants(Tt + "SimpleItem").FirstOrDefault(i => (string?)i.Attribute("Name") == "IsRecording")?.Attribute("Value") == "true";
            var list = runs.TryGetValue(recording, out var l) ? l : runs[recording] = [];
            if (isRecording)
            {
                list.Add((time, null));
            }
            else if (list.Count > 0 && list[^1].End is null)
            {
                list[^1] = (list[^1].Start, time);
            }
            else
            {
                list.Add((DateTimeOffset.MinValue, time)); // an end without its start: a difference either way
            }
        }

        return runs;
    }

    /// <summary>The differences between the index's runs and the storage's runs of one recording (empty: equal).</summary>
    public static List<string> Compare(string recording, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset? End)> index, IReadOnlyList<Run> storage)
    {
        var differences = new List<string>();
        if (index.Count != storage.Count)
        {
            differences.Add($"{recording}: the index has {index.Count} runs, storage {storage.Count}: index [{string.Join("; ", index.Select(r => $"{Utc(r.Start)}..{(r.End is { } e ? Utc(e) : "open")}"))}] " +
                            $"storage [{string.Join("; ", storage.Select(r => $"{Utc(r.Start)}..{Utc(r.End)}{(r.EndsRecovered ? " (recovered)" : string.Empty)}"))}]");
            return differences;
        }

        for (var i = 0; i < index.Count; i++)
        {
            var (start, end) = index[i];
            var run = storage[i];
            var endTolerance = run.EndsRecovered ? ObjectChecks.DurationTolerance : StartTolerance;
            if ((start - run.Start).Duration() > StartTolerance || end is not { } e || (e - run.End).Duration() > endTolerance)
            {
                differences.Add($"{recording}: index run {Utc(start)}..{(end is { } x ? Utc(x) : "open")} vs storage {Utc(run.Start)}..{Utc(run.End)}{(run.EndsRecovered ? " (ends with a recovered segment)" : string.Empty)}");
            }
        }

        return differences;
    }

    public static string Utc(DateTimeOffset time) => XmlConvert.ToString(time.UtcDateTime, XmlDateTimeSerializationMode.Utc);
}
