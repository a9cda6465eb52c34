using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Storage.Index;

namespace Nvr.Control.Search;

/// <summary>
/// Answers the search service's questions about recordings: the recordings and their jobs come from the recording
/// control actor, recorded data from the recorded-range index (per track two MIN/MAX index seeks, never a scan of
/// segment files). The status is Recording while a job recording into it is Active or PartiallyActive, Stopped
/// once data was recorded, Initiated before.
/// </summary>
public sealed class RecordingCatalog
{
    private readonly ControlPlane _control;

    public RecordingCatalog(ControlPlane control, RecordedRangeIndex index)
    {
        _control = control;
        Index = index;
    }

    public RecordedRangeIndex Index { get; }

    /// <summary>Every recording, in token order.</summary>
    public async Task<IReadOnlyList<RecordingInformation>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var recordings = (await _control.AskAsync<RecordingsReply>(GetRecordings.Instance, cancellationToken).ConfigureAwait(false)).Recordings;
        var jobs = (await _control.AskAsync<RecordingJobsReply>(GetRecordingJobs.Instance, cancellationToken).ConfigureAwait(false)).Jobs;
        var active = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            var state = await _control.AskAsync<JobStateReply>(new GetRecordingJobState(job.Token), cancellationToken).ConfigureAwait(false);
            if (state.State.State is JobStates.Active or JobStates.PartiallyActive)
            {
                active.Add(job.Configuration.RecordingToken);
            }
        }

        var sources = jobs
            .GroupBy(j => j.Configuration.RecordingToken, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)g.SelectMany(j => j.Configuration.Sources).Select(s => s.SourceToken?.Token).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal);
        return recordings
            .OrderBy(r => r.Token, StringComparer.Ordinal)
            .Select(r => Describe(r, active.Contains(r.Token), sources.GetValueOrDefault(r.Token) ?? []))
            .ToList();
    }

    /// <summary>One recording, or null when the token names none.</summary>
    public async Task<RecordingInformation?> GetAsync(string token, CancellationToken cancellationToken = default) =>
        (await GetAllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.RecordingToken == token);

    /// <summary>The summary of all recorded data (GetRecordingSummary); DataFrom = DataUntil = now when nothing is recorded.</summary>
    public async Task<RecordingSummary> GetSummaryAsync(CancellationToken cancellationToken = default)
    {
        var all = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        var froms = all.Select(r => r.EarliestRecording).OfType<DateTimeOffset>().ToList();
        var untils = all.Select(r => r.LatestRecording).OfType<DateTimeOffset>().ToList();
        var now = _control.Time.GetUtcNow();
        return new RecordingSummary(froms.Count > 0 ? froms.Min() : now, untils.Count > 0 ? untils.Max() : now, all.Count);
    }

    /// <summary>The receivers' tokens (sources a scope may name besides job sources and recording SourceIds).</summary>
    public async Task<IReadOnlySet<string>> GetReceiverTokensAsync(CancellationToken cancellationToken = default) =>
        (await _control.AskAsync<ReceiversReply>(GetReceivers.Instance, cancellationToken).ConfigureAwait(false)).Receivers
            .Select(r => r.Token).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The recordings of a scope's included tokens (union of sources and recordings, all when both are empty); the
    /// filter is not applied here. Throws <see cref="UnknownScopeTokenException"/> for a recording token naming no
    /// recording or a source token naming no receiver, job source or recording SourceId.
    /// </summary>
    public async Task<IReadOnlyList<RecordingInformation>> ResolveAsync(SearchScope scope, CancellationToken cancellationToken = default)
    {
        var all = await GetAllAsync(cancellationToken).ConfigureAwait(false);
        if (scope.IncludedRecordings.FirstOrDefault(t => all.All(r => r.RecordingToken != t)) is { } unknownRecording)
        {
            throw new UnknownScopeTokenException(unknownRecording, isSource: false);
        }

        if (scope.IncludedSources.Count > 0)
        {
            var receivers = await GetReceiverTokensAsync(cancellationToken).ConfigureAwait(false);
            var unknownSource = scope.IncludedSources.FirstOrDefault(s =>
                !receivers.Contains(s) && all.All(r => !r.SourceTokens.Contains(s) && r.Source.SourceId != s));
            if (unknownSource is not null)
            {
                throw new UnknownScopeTokenException(unknownSource, isSource: true);
            }
        }

        if (scope.IncludedRecordings.Count == 0 && scope.IncludedSources.Count == 0)
        {
            return all;
        }

        return all.Where(r => scope.IncludedRecordings.Contains(r.RecordingToken)
            || scope.IncludedSources.Any(s => r.SourceTokens.Contains(s) || r.Source.SourceId == s)).ToList();
    }

    /// <summary>
    /// The information of one recording: per track two index seeks for DataFrom/DataTo; <paramref name="recordingNow"/>
    /// says a job records into it, <paramref name="sources"/> are its jobs' source tokens.
    /// </summary>
    public RecordingInformation Describe(Recordings.Model.Recording recording, bool recordingNow, IReadOnlyList<string> sources)
    {
        var tracks = new List<TrackInformation>();
        foreach (var track in recording.Tracks)
        {
            if (Index.GetTrackExtent(recording.Token, track.Token) is { } extent)
            {
                tracks.Add(new TrackInformation(track.Token, track.Configuration.TrackType, track.Configuration.Description, extent.From, extent.To));
            }
        }

        DateTimeOffset? earliest = tracks.Count > 0 ? tracks.Min(t => t.DataFrom) : null;
        DateTimeOffset? latest = tracks.Count > 0 ? tracks.Max(t => t.DataTo) : null;
        var status = recordingNow ? RecordingStatuses.Recording : tracks.Count > 0 ? RecordingStatuses.Stopped : RecordingStatuses.Initiated;
        return new RecordingInformation(recording.Token, recording.Configuration.Source, earliest, latest, recording.Configuration.Content, tracks, status, sources);
    }
}

/// <summary>A search scope names a recording or source the device does not know.</summary>
public sealed class UnknownScopeTokenException(string token, bool isSource)
    : Exception($"{(isSource ? "source" : "recording")} '{token}' is not known")
{
    public string Token { get; } = token;

    public bool IsSource { get; } = isSource;
}
