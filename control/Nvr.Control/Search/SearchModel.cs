using Nvr.Control.Events;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Search;

/// <summary>The RecordingStatus values of the Search spec (tt:RecordingStatus).</summary>
public static class RecordingStatuses
{
    public const string Initiated = "Initiated";
    public const string Recording = "Recording";
    public const string Stopped = "Stopped";
}

/// <summary>
/// What the search service knows about one recording (tt:RecordingInformation): its source, content, the tracks
/// with recorded data (DataFrom/DataTo from the index) and its status; <see cref="SourceTokens"/> are the source
/// tokens of the recording jobs recording into it (what a search scope's IncludedSources names).
/// </summary>
public sealed record RecordingInformation(
    string RecordingToken,
    RecordingSource Source,
    DateTimeOffset? EarliestRecording,
    DateTimeOffset? LatestRecording,
    string Content,
    IReadOnlyList<TrackInformation> Tracks,
    string RecordingStatus,
    IReadOnlyList<string> SourceTokens);

/// <summary>One track with recorded data (tt:TrackInformation).</summary>
public sealed record TrackInformation(string TrackToken, TrackType TrackType, string Description, DateTimeOffset DataFrom, DateTimeOffset DataTo);

/// <summary>tt:RecordingSummary: the first and last recorded instant of the device and the number of recordings.</summary>
public sealed record RecordingSummary(DateTimeOffset DataFrom, DateTimeOffset DataUntil, int NumberRecordings);

/// <summary>
/// A search scope (tt:SearchScope): the union of the named sources and recordings (all recordings when both are
/// empty), narrowed by <see cref="Filter"/> (the RecordingInformationFilter, compiled by the protocol layer).
/// </summary>
public sealed record SearchScope(IReadOnlyList<string> IncludedSources, IReadOnlyList<string> IncludedRecordings, Func<RecordingInformation, bool>? Filter)
{
    public static SearchScope All { get; } = new([], [], null);
}

/// <summary>A found recording event (tt:FindEventResult): <see cref="TrackToken"/> is empty for recording-level events.</summary>
public sealed record FoundEvent(string RecordingToken, string TrackToken, DateTimeOffset Time, OnvifEvent Event, bool StartStateEvent);

/// <summary>The state of a search session (tt:SearchState; "Queued" is deprecated and never reported).</summary>
public enum SearchState
{
    Searching,
    Completed,
}

/// <summary>One GetXxxSearchResults answer: only results not returned before, and the session's state after it.</summary>
public sealed record SearchResults<T>(IReadOnlyList<T> Items, SearchState State);

/// <summary>Limits of the search service.</summary>
public sealed record SearchLimits
{
    public static SearchLimits Default { get; } = new();

    /// <summary>Concurrent search sessions; a further Find is refused (the protocol layer answers it as a resource problem).</summary>
    public int MaxSessions { get; init; } = 16;

    /// <summary>KeepAliveTime values above this are adapted to it (the spec requires at least 10 s).</summary>
    public TimeSpan MaxKeepAlive { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>WaitTime values above this are adapted to it; also the wait when a request names no WaitTime.</summary>
    public TimeSpan MaxWaitTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Results one session holds at most (a MaxMatches above it, or none, is adapted to it).</summary>
    public int MaxMatches { get; init; } = 100_000;

    /// <summary>Segments of a track closer than this are one contiguous run (no IsDataPresent false/true pair).</summary>
    public TimeSpan ContiguityTolerance { get; init; } = TimeSpan.FromSeconds(1);
}
