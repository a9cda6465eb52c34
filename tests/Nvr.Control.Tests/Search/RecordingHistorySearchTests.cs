using Nvr.Control.Events;
using Nvr.Control.Recordings.Model;
using Nvr.Control.Search;
using Nvr.Storage.Index;

namespace Nvr.Control.Tests.Search;

/// <summary>
/// Recording history events derived from recorded ranges: contiguous segments are one run, a gap ends and restarts
/// it; forward and backward order; virtual start states; a recording still recording has no stop event yet; recorded
/// camera events merged in on their metadata track.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RecordingHistorySearchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    // VIDEO: 0–30 s in three segments (20 ms gaps), then 90–100 s. AUDIO: 0–30 s.
    private static readonly Dictionary<string, List<(DateTimeOffset, DateTimeOffset)>> Ranges = new()
    {
        ["VIDEO001"] = [(T0, T0.AddSeconds(10)), (T0.AddSeconds(10.02), T0.AddSeconds(20)), (T0.AddSeconds(20.02), T0.AddSeconds(30)), (T0.AddSeconds(90), T0.AddSeconds(100))],
        ["AUDIO001"] = [(T0, T0.AddSeconds(30))],
    };

    [Fact]
    public void Forward_search_reports_each_run_start_and_end_in_time_order()
    {
        var found = Find(Recording(RecordingStatuses.Stopped), T0.AddSeconds(-5), T0.AddMinutes(5), includeStartState: false);

        Assert.Equal(
            [
                "0 rec true", "0 VIDEO001 true", "0 AUDIO001 true",
                "30 VIDEO001 false", "30 AUDIO001 false", "30 rec false",
                "90 rec true", "90 VIDEO001 true", "100 VIDEO001 false", "100 rec false",
            ],
            found.Select(Describe));
        Assert.All(found, f => Assert.False(f.StartStateEvent));
    }

    [Fact]
    public void Backward_search_reports_the_same_events_newest_first_with_start_states_at_both_ends()
    {
        var forward = Find(Recording(RecordingStatuses.Stopped), T0.AddSeconds(-5), T0.AddMinutes(5), includeStartState: false);
        var backward = Find(Recording(RecordingStatuses.Stopped), T0.AddSeconds(95), T0.AddSeconds(5), includeStartState: true);

        var virtualEvents = backward.Where(f => f.StartStateEvent).Select(Describe).ToList();
        Assert.Equal(["95 rec true", "95 VIDEO001 true", "95 AUDIO001 false", "5 rec true", "5 VIDEO001 true", "5 AUDIO001 true"], virtualEvents);
        Assert.Equal(
            forward.Where(f => f.Time > T0.AddSeconds(5) && f.Time <= T0.AddSeconds(95)).Reverse().Select(Describe),
            backward.Where(f => !f.StartStateEvent).Select(Describe));
    }

    [Fact]
    public void A_recording_still_recording_has_no_stop_for_its_newest_run_and_the_filter_applies_to_every_event()
    {
        var found = Find(Recording(RecordingStatuses.Recording), T0.AddSeconds(40), null, includeStartState: true,
            filter: e => e.Topic == "RecordingHistory/Recording/State");

        Assert.Equal(["40 rec false", "90 rec true"], found.Select(Describe));
        Assert.True(found[0].StartStateEvent);
    }

    [Fact]
    public void Recorded_camera_events_are_found_on_their_track_in_the_history_order_and_reversed_backwards()
    {
        // motion at 0 s (the recording's start instant), 30 s (its end instant) and 95 s; one outside the window
        RecordedEvent Motion(double seconds, string value) => new("rec", "META001", T0.AddSeconds(seconds), "tns1:RuleEngine/CellMotionDetector/Motion", "Changed",
            [new("Rule", "R1")], [new("IsMotion", value)]);
        var stored = new[] { Motion(0, "true"), Motion(30, "false"), Motion(95, "true"), Motion(200, "false") };
        IReadOnlyList<RecordedEvent> Lookup(string recording, DateTimeOffset from, DateTimeOffset to) =>
            [.. stored.Where(e => e.Recording == recording && e.Utc >= from && e.Utc <= to)];

        var forward = Find(Recording(RecordingStatuses.Stopped), T0, T0.AddSeconds(100), includeStartState: false, recorded: Lookup);
        Assert.Equal(
            [
                "0 rec true", "0 VIDEO001 true", "0 AUDIO001 true", "0 META001 true",
                "30 VIDEO001 false", "30 AUDIO001 false", "30 rec false", "30 META001 false",
                "90 rec true", "90 VIDEO001 true", "95 META001 true", "100 VIDEO001 false", "100 rec false",
            ],
            forward.Select(Describe));
        var camera = forward.Single(f => f.TrackToken == "META001" && f.Time == T0.AddSeconds(95));
        var device = Assert.IsType<DeviceEvent>(camera.Event);
        Assert.Equal(("tns1:RuleEngine/CellMotionDetector/Motion", "Changed", "R1"), (device.Topic, device.PropertyOperation, device.Source.Single().Value));
        Assert.False(camera.StartStateEvent);

        var backward = Find(Recording(RecordingStatuses.Stopped), T0.AddSeconds(100), T0, includeStartState: false, recorded: Lookup);
        Assert.Equal(Enumerable.Reverse(forward.Select(Describe)), backward.Select(Describe));
        var cameraOnly = Find(Recording(RecordingStatuses.Stopped), T0, T0.AddSeconds(100), includeStartState: false,
            filter: e => e.Topic.EndsWith("/Motion", StringComparison.Ordinal), recorded: Lookup);
        Assert.Equal(["0 META001 true", "30 META001 false", "95 META001 true"], cameraOnly.Select(Describe));

        // IncludeStartState: the camera property's state at the StartPoint (and at the EndPoint backwards), after the history's
        IReadOnlyList<RecordedEvent> States(string recording, DateTimeOffset at) => [.. stored.Where(e => e.Utc <= at).TakeLast(1)];
        var withStates = Find(Recording(RecordingStatuses.Stopped), T0.AddSeconds(40), T0.AddSeconds(20), includeStartState: true, recorded: Lookup, states: States);
        Assert.Equal(
            ["40 rec false", "40 VIDEO001 false", "40 AUDIO001 false", "40 META001 false", "30 META001 false", "30 rec false", "30 AUDIO001 false", "30 VIDEO001 false",
             "20 rec true", "20 VIDEO001 true", "20 AUDIO001 true", "20 META001 true"],
            withStates.Select(Describe));
        var virtualState = withStates[3];
        Assert.True(virtualState.StartStateEvent);
        Assert.Equal(("Initialized", T0.AddSeconds(40)), (((DeviceEvent)virtualState.Event).PropertyOperation, virtualState.Event.UtcTime));
    }

    private static List<FoundEvent> Find(
        RecordingInformation recording, DateTimeOffset start, DateTimeOffset? end, bool includeStartState, Func<OnvifEvent, bool>? filter = null,
        RecordingHistorySearch.RecordedEventLookup? recorded = null, RecordingHistorySearch.RecordedStateLookup? states = null) =>
        RecordingHistorySearch.Find([recording], start, end, includeStartState,
            (_, track, from, to) => Ranges[track].Where(r => r.Item2 >= from && r.Item1 <= to).ToList(),
            TimeSpan.FromSeconds(1), filter ?? (_ => true), recorded, states);

    private static RecordingInformation Recording(string status) => new(
        "rec", RecordingSource.Empty, T0, T0.AddSeconds(100), "content",
        [
            new TrackInformation("VIDEO001", TrackType.Video, "video", T0, T0.AddSeconds(100)),
            new TrackInformation("AUDIO001", TrackType.Audio, "audio", T0, T0.AddSeconds(30)),
        ],
        status, []);

    private static string Describe(FoundEvent found) =>
        $"{(found.Time - T0).TotalSeconds:0.##} " + found.Event switch
        {
            RecordingHistoryStateEvent r => $"rec {(r.IsRecording ? "true" : "false")}",
            TrackHistoryStateEvent t => $"{t.TrackToken} {(t.IsDataPresent ? "true" : "false")}",
            DeviceEvent d => $"{found.TrackToken} {d.Data.Single(i => i.Name == "IsMotion").Value}",
            _ => "?",
        };
}
