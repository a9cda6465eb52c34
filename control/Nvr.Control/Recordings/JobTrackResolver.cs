using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>
/// Fills in the tracks of job sources that name none (seed 5.13: "assign all tracks of the recording").
/// One source: every track of the recording, SourceTag = the media type, with its ordinal from the second track of
/// a type on ("video", "video2"). Several sources: the n-th source feeds the n-th track of each type, SourceTag =
/// the media type. Sources that name tracks are left as they are. Filled-in tracks are marked
/// <see cref="RecordingJobTrack.Defaulted"/>: one the source turns out not to have is Idle, not Error.
/// </summary>
public static class JobTrackResolver
{
    public static RecordingJobConfiguration Resolve(RecordingJobConfiguration configuration, Model.Recording recording)
    {
        if (configuration.Sources.All(s => s.Tracks.Count > 0))
        {
            return configuration;
        }

        var sources = new List<RecordingJobSource>(configuration.Sources.Count);
        for (var i = 0; i < configuration.Sources.Count; i++)
        {
            var source = configuration.Sources[i];
            sources.Add(source.Tracks.Count > 0 ? source : source with { Tracks = DefaultTracks(recording, i, configuration.Sources.Count) });
        }

        return configuration with { Sources = sources };
    }

    private static List<RecordingJobTrack> DefaultTracks(Model.Recording recording, int sourceIndex, int sourceCount)
    {
        var tracks = new List<RecordingJobTrack>();
        foreach (var type in new[] { TrackType.Video, TrackType.Audio, TrackType.Metadata })
        {
            var ofType = recording.Tracks.Where(t => t.Configuration.TrackType == type).ToList();
            var tag = type.ToString().ToLowerInvariant();
            if (sourceCount == 1)
            {
                for (var n = 0; n < ofType.Count; n++)
                {
                    tracks.Add(new RecordingJobTrack(n == 0 ? tag : tag + (n + 1), ofType[n].Token) { Defaulted = true });
                }
            }
            else if (sourceIndex < ofType.Count)
            {
                tracks.Add(new RecordingJobTrack(tag, ofType[sourceIndex].Token) { Defaulted = true });
            }
        }

        return tracks;
    }
}
