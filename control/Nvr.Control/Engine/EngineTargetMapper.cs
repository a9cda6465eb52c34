using Nvr.Control.Recordings.Model;
using Nvr.Pipeline.Media;
using Nvr.Recording;

namespace Nvr.Control.Engine;

/// <summary>Translates the control plane's recording configuration into the data path's target and tracks.</summary>
public static class EngineTargetMapper
{
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
            Format = target.Format == "CMAF" ? RecordingFormat.Cmaf : RecordingFormat.Mp4,
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

    public static string StorageOf(RecordingPlan plan, EngineSettings settings) =>
        plan.Configuration.Target?.Storage ?? settings.DefaultStorage ?? settings.Storages.All.First().Token;

    public static List<RecordingTrack> Tracks(RecordingPlan plan) =>
        plan.Tracks.Select(t => new RecordingTrack(t.Token, t.Configuration.TrackType switch
        {
            TrackType.Video => MediaKind.Video,
            TrackType.Audio => MediaKind.Audio,
            _ => MediaKind.Metadata,
        })).ToList();
}
