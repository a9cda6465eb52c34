using System.Collections.Immutable;

namespace Nvr.Control.Recordings.Model;

/// <summary>
/// A recording with its tracks. <see cref="TracksCreated"/> counts creations per type so track tokens are never reused.
/// <see cref="RetiredKeys"/> are the content keys (by lowercase KID) of Encryption entries a later configuration
/// dropped: segments written before the change still need them to be replayed, exported or shown.
/// </summary>
public sealed record Recording(
    string Token,
    RecordingConfiguration Configuration,
    ImmutableList<Track> Tracks,
    ImmutableDictionary<TrackType, int> TracksCreated)
{
    public ImmutableDictionary<string, byte[]> RetiredKeys { get; init; } = ImmutableDictionary<string, byte[]>.Empty;

    /// <summary>This recording under <paramref name="next"/>, keeping the keys of the entries it drops.</summary>
    public Recording Reconfigured(RecordingConfiguration next)
    {
        var retired = RetiredKeys;
        var kept = (next.Target?.Encryption ?? []).Select(e => e.Kid.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in Configuration.Target?.Encryption ?? [])
        {
            if (entry.Key is { } key && !kept.Contains(entry.Kid.ToLowerInvariant()))
            {
                retired = retired.SetItem(entry.Kid.ToLowerInvariant(), key);
            }
        }

        return this with { Configuration = next, RetiredKeys = retired };
    }

    /// <summary>Every content key of the recording by lowercase KID: the retired ones and the current entries'.</summary>
    public Dictionary<string, byte[]> ContentKeys()
    {
        var keys = new Dictionary<string, byte[]>(RetiredKeys, StringComparer.Ordinal);
        foreach (var entry in Configuration.Target?.Encryption ?? [])
        {
            if (entry.Key is { } key)
            {
                keys[entry.Kid.ToLowerInvariant()] = key;
            }
        }

        return keys;
    }

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
