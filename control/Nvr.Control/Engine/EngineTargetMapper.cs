using Nvr.Control.Recordings.Model;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtsp;
using Nvr.Recording;
using Nvr.Recording.Engine;
using Nvr.Recording.Triggers;

namespace Nvr.Control.Engine;

/// <summary>
/// The adapter from the control plane's plans to the data path's: ONVIF configuration words (formats, receiver
/// modes, transports) become the pipeline's types; job EventFilters become compiled triggers.
/// </summary>
public static class EngineTargetMapper
{
    public static RunnerPlan ToRunnerPlan(RecordingPlan plan, EngineSettings settings) => new(
        plan.RecordingToken,
        ToTarget(plan, settings),
        Tracks(plan),
        plan.Sources.Select(ToSourcePlan).ToList(),
        plan.Configuration.Target?.Override is { } active ? new SegmentOverride(active.Duration, active.ExpiresAtUtc) : null,
        EventTriggers(plan));

    /// <summary>Where a receiver connects, or null when its mode or URI says it does not.</summary>
    public static ReceiverEndpoint? EndpointOf(ReceiverConfiguration receiver) =>
        receiver.Mode != ReceiverModes.NeverConnect && Uri.TryCreate(receiver.MediaUri, UriKind.Absolute, out var uri)
            ? new ReceiverEndpoint(uri, receiver.Protocol == StreamSetupWords.Udp ? RtspTransport.Udp : RtspTransport.TcpInterleaved)
            : null;

    private static RunnerSourcePlan ToSourcePlan(SourcePlan source) => new(
        source.JobToken,
        source.ReceiverToken,
        EndpointOf(source.Receiver),
        source.Tracks.Select(t => new TrackRoute(t.SourceTag, t.Destination, t.Defaulted)).ToList(),
        $"receiver {source.ReceiverToken} is not configured to connect (mode {source.Receiver.Mode}, MediaUri '{source.Receiver.MediaUri}')");

    /// <summary>The compiled trigger of every job, or null when the recording records continuously.</summary>
    private static Dictionary<string, EventTrigger>? EventTriggers(RecordingPlan plan)
    {
        if (!plan.RecordsOnEventsOnly)
        {
            return null;
        }

        var triggers = new Dictionary<string, EventTrigger>(StringComparer.Ordinal);
        foreach (var source in plan.Sources)
        {
            // validated when the job was configured (RecordingJobRules), so it compiles
            triggers[source.JobToken] = source.EventFilter!.TryCompile(out var error)
                ?? throw new InvalidOperationException($"job {source.JobToken}: {error}");
        }

        return triggers;
    }

    public static Nvr.Recording.RecordingTarget ToTarget(RecordingPlan plan, EngineSettings settings)
    {
        var target = plan.Configuration.Target;
        if (target is null)
        {
            return new Nvr.Recording.RecordingTarget
            {
                Format = RecordingFormat.Mp4,
                Prefix = plan.RecordingToken,
                SegmentDuration = settings.DefaultSegmentDuration,
                Source = plan.Configuration.Source.SourceId,
                EventTopic = EventTopic(plan),
            };
        }

        return new Nvr.Recording.RecordingTarget
        {
            Format = target.Format == TargetFormats.Cmaf ? RecordingFormat.Cmaf : RecordingFormat.Mp4,
            Prefix = target.Prefix,
            Postfix = target.Postfix,
            SegmentDuration = target.SegmentDuration,
            SpanDuration = target.SpanDuration,
            Encryption = target.Encryption
                .Where(e => e.Key is not null)
                .Select(e => Nvr.Codecs.Cenc.Config.EncryptionEntry.FromOnvif(e.Mode, e.Kid, e.Key, e.Tracks))
                .ToList(),
            Source = plan.Configuration.Source.SourceId,
            EventTopic = EventTopic(plan),
        };
    }

    /// <summary>
    /// B.9 EventTopic of an event-triggered recording: the topic filters of its jobs (one topic expression, '|' between
    /// alternatives); null when it records continuously.
    /// </summary>
    public static string? EventTopic(RecordingPlan plan) => plan.RecordsOnEventsOnly
        ? string.Join('|', plan.Sources.SelectMany(s => s.EventFilter!.Filters).Select(f => f.Topic.Trim()).Distinct(StringComparer.Ordinal))
        : null;

    public static string StorageOf(RecordingPlan plan, EngineSettings settings) => StorageOf(plan.Configuration.Target, settings);

    public static string StorageOf(Nvr.Control.Recordings.Model.RecordingTarget? target, EngineSettings settings) =>
        target?.Storage ?? settings.DefaultStorage ?? settings.Storages.All.First().Token;

    /// <summary>The key prefix and postfix of a recording's segments (as <see cref="ToTarget"/> gives them to its runner).</summary>
    public static (string? Prefix, string? Postfix) KeysOf(string recordingToken, Nvr.Control.Recordings.Model.RecordingTarget? target) =>
        target is null ? (recordingToken, null) : (target.Prefix, target.Postfix);

    /// <summary>True when a runner of <paramref name="running"/> can take <paramref name="next"/> in place (same sources, tracks, storage, format).</summary>
    public static bool CanUpdate(RecordingPlan running, RecordingPlan next) =>
        next.Sources.SequenceEqual(running.Sources) && next.Tracks.SequenceEqual(running.Tracks) &&
        next.Configuration.Target?.Storage == running.Configuration.Target?.Storage &&
        next.Configuration.Target?.Format == running.Configuration.Target?.Format;

    public static List<RecordingTrack> Tracks(RecordingPlan plan) => Tracks(plan.Tracks);

    public static List<RecordingTrack> Tracks(IReadOnlyList<Track> tracks) =>
        tracks.Select(t => new RecordingTrack(t.Token, t.Configuration.TrackType switch
        {
            TrackType.Video => MediaKind.Video,
            TrackType.Audio => MediaKind.Audio,
            _ => MediaKind.Metadata,
        })).ToList();
}
