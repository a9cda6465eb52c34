using Nvr.Control.Events;
using Nvr.Recording.Triggers;
using Nvr.Storage.Index;

namespace Nvr.Control.Search;

/// <summary>
/// The recording history events of FindEvents, derived from the recorded ranges of the index: a contiguous run of a
/// track's segments (gaps up to <see cref="SearchLimits.ContiguityTolerance"/> joined) is
/// <c>tns1:RecordingHistory/Track/State</c> IsDataPresent true at its start and false at its end; the union of a
/// recording's track runs is <c>tns1:RecordingHistory/Recording/State</c> IsRecording true/false. The end of the
/// newest run of a recording that is recording now is not an event (the run is still growing). Results are in time
/// order (descending for a backward search, EndPoint before StartPoint); with IncludeStartState, virtual events at the
/// StartPoint (and at the EndPoint of a backward search) state each property's value there. The camera events
/// recorded in the recordings' metadata tracks (the index's <c>recorded_events</c>) are found with them, on their track.
/// </summary>
public static class RecordingHistorySearch
{
    /// <summary>The ranges [Start, End) of a track overlapping [from, to], in time order (an index range query).</summary>
    public delegate IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> RangeLookup(string recording, string track, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The camera events recorded in a recording's metadata tracks at times in [from, to], in time order (an index range query).</summary>
    public delegate IReadOnlyList<RecordedEvent> RecordedEventLookup(string recording, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The latest stored event of each camera property of a recording at or before a time (its state there).</summary>
    public delegate IReadOnlyList<RecordedEvent> RecordedStateLookup(string recording, DateTimeOffset at);

    /// <param name="recorded">
    /// The stored camera events, found next to the history (each on its metadata track, in the same time order, after
    /// the history events of the same instant); null: history only.
    /// </param>
    /// <param name="recordedStates">With IncludeStartState, the camera properties' states, given as virtual events after the history's.</param>
    public static List<FoundEvent> Find(
        IReadOnlyList<RecordingInformation> recordings, DateTimeOffset startPoint, DateTimeOffset? endPoint, bool includeStartState,
        RangeLookup ranges, TimeSpan tolerance, Func<OnvifEvent, bool> filter, RecordedEventLookup? recorded = null, RecordedStateLookup? recordedStates = null)
    {
        var backward = endPoint is { } e && e < startPoint;
        var from = backward ? endPoint!.Value : startPoint;
        var to = backward ? startPoint : endPoint ?? DateTimeOffset.MaxValue;
        var events = new List<FoundEvent>();
        var startStates = new List<FoundEvent>();
        var endStates = new List<FoundEvent>();
        foreach (var recording in recordings)
        {
            var open = recording.RecordingStatus == RecordingStatuses.Recording;
            var union = new List<(DateTimeOffset Start, DateTimeOffset End)>();
            foreach (var track in recording.Tracks)
            {
                var runs = Runs(ranges(recording.RecordingToken, track.TrackToken, from, to), tolerance);
                union.AddRange(runs);
                foreach (var (start, end) in runs)
                {
                    Add(events, from, to, start, new TrackHistoryStateEvent(start, recording.RecordingToken, track.TrackToken, true), track.TrackToken);
                    if (!(open && end >= track.DataTo))
                    {
                        Add(events, from, to, end, new TrackHistoryStateEvent(end, recording.RecordingToken, track.TrackToken, false), track.TrackToken);
                    }
                }

                if (includeStartState)
                {
                    startStates.Add(new FoundEvent(recording.RecordingToken, track.TrackToken, startPoint,
                        new TrackHistoryStateEvent(startPoint, recording.RecordingToken, track.TrackToken, Covers(runs, startPoint, open, track.DataTo)), true));
                    if (backward)
                    {
                        endStates.Add(new FoundEvent(recording.RecordingToken, track.TrackToken, from,
                            new TrackHistoryStateEvent(from, recording.RecordingToken, track.TrackToken, Covers(runs, from, open, track.DataTo)), true));
                    }
                }
            }

            var recordingRuns = Runs(union.OrderBy(r => r.Start).ToList(), tolerance);
            var latest = recording.LatestRecording ?? DateTimeOffset.MinValue;
            foreach (var (start, end) in recordingRuns)
            {
                Add(events, from, to, start, new RecordingHistoryStateEvent(start, recording.RecordingToken, true), string.Empty);
                if (!(open && end >= latest))
                {
                    Add(events, from, to, end, new RecordingHistoryStateEvent(end, recording.RecordingToken, false), string.Empty);
                }
            }

            foreach (var stored in recorded?.Invoke(recording.RecordingToken, from, to) ?? [])
            {
                events.Add(new FoundEvent(recording.RecordingToken, stored.Track, stored.Utc, CameraEventOf(stored), false));
            }

            if (includeStartState)
            {
                startStates.Insert(startStates.Count - recording.Tracks.Count, new FoundEvent(recording.RecordingToken, string.Empty, startPoint,
                    new RecordingHistoryStateEvent(startPoint, recording.RecordingToken, Covers(recordingRuns, startPoint, open, latest)), true));
                if (backward)
                {
                    endStates.Insert(endStates.Count - recording.Tracks.Count, new FoundEvent(recording.RecordingToken, string.Empty, from,
                        new RecordingHistoryStateEvent(from, recording.RecordingToken, Covers(recordingRuns, from, open, latest)), true));
                }

                startStates.AddRange(CameraStates(recordedStates, recording.RecordingToken, startPoint));
                if (backward)
                {
                    endStates.AddRange(CameraStates(recordedStates, recording.RecordingToken, from));
                }
            }
        }

        // Forward: by time, at one instant a recording's start before its tracks' starts and its tracks' ends before
        // its end; backward: the exact reverse.
        var ordered = events.OrderBy(f => f.Time).ThenBy(Rank).ToList();
        if (backward)
        {
            ordered.Reverse();
        }

        var result = new List<FoundEvent>(startStates.Count + ordered.Count + endStates.Count);
        result.AddRange(startStates.Where(f => filter(f.Event)));
        result.AddRange(ordered.Where(f => filter(f.Event)));
        result.AddRange(endStates.Where(f => filter(f.Event)));
        return result;
    }

    /// <summary>Joins ranges (in start order) whose gap is at most <paramref name="tolerance"/>.</summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Runs(IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> ranges, TimeSpan tolerance)
    {
        var runs = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var range in ranges)
        {
            if (runs.Count > 0 && range.Start - runs[^1].End <= tolerance)
            {
                if (range.End > runs[^1].End)
                {
                    runs[^1] = (runs[^1].Start, range.End);
                }

                continue;
            }

            runs.Add(range);
        }

        return runs;
    }

    private static IEnumerable<FoundEvent> CameraStates(RecordedStateLookup? states, string recording, DateTimeOffset at) =>
        (states?.Invoke(recording, at) ?? []).Select(state =>
            new FoundEvent(recording, state.Track, at, CameraEventOf(state with { Utc = at, PropertyOperation = "Initialized" }), true));

    /// <summary>A stored camera event as the event service relays it live (topic, operation and items as the camera sent them).</summary>
    public static DeviceEvent CameraEventOf(RecordedEvent stored) => new(stored.Topic, stored.Utc, stored.PropertyOperation,
        [.. stored.Source.Select(i => new EventItem(i.Name, i.Value))], [.. stored.Data.Select(i => new EventItem(i.Name, i.Value))]);

    private static int Rank(FoundEvent found) => found.Event switch
    {
        RecordingHistoryStateEvent { IsRecording: true } => 0,
        TrackHistoryStateEvent { IsDataPresent: true } => 1,
        TrackHistoryStateEvent => 2,
        _ => 3,
    };

    private static bool Covers(List<(DateTimeOffset Start, DateTimeOffset End)> runs, DateTimeOffset time, bool open, DateTimeOffset newest) =>
        runs.Any(r => r.Start <= time && (time < r.End || (open && r.End >= newest)));

    private static void Add(List<FoundEvent> events, DateTimeOffset from, DateTimeOffset to, DateTimeOffset time, OnvifEvent e, string track)
    {
        if (time >= from && time <= to)
        {
            var recording = e is RecordingHistoryStateEvent r ? r.RecordingToken : ((TrackHistoryStateEvent)e).RecordingToken;
            events.Add(new FoundEvent(recording, track, time, e, false));
        }
    }
}
