using System.Collections.Immutable;

namespace Nvr.Control.Recordings.Model;

/// <summary>A recording with its tracks. <see cref="TracksCreated"/> counts creations per type so track tokens are never reused.</summary>
public sealed record Recording(
    string Token,
    RecordingConfiguration Configuration,
    ImmutableList<Track> Tracks,
    ImmutableDictionary<TrackType, int> TracksCreated)
{
    public Track? FindTrack(string token)
    {
        foreach (var track in Tracks)
        {
            if (track.Token == token)
            {
                return track;
            }
        }

        return null;
    }

    public int CountTracks(TrackType type)
    {
        var count = 0;
        foreach (var track in Tracks)
        {
            if (track.Configuration.TrackType == type)
            {
                count++;
            }
        }

        return count;
    }
}
