using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Cenc.Config;

/// <summary>
/// The validated set of <see cref="EncryptionEntry"/> of one recording target (ONVIF Annex B.8): every entry covers a
/// distinct set of tracks, so a track is protected by at most one entry. Immutable: a reconfiguration builds a new
/// instance, which the recorder applies from the next segment on (the open segment keeps its protectors).
/// </summary>
public sealed class EncryptionConfiguration
{
    /// <summary>Capability <c>EncryptionEntryLimit</c>: entries supported per recording.</summary>
    public const int EntryLimit = 8;

    private EncryptionConfiguration(IReadOnlyList<EncryptionEntry> entries) => Entries = entries;

    /// <summary>No encryption.</summary>
    public static EncryptionConfiguration None { get; } = new([]);

    /// <summary>The entries, in configuration order.</summary>
    public IReadOnlyList<EncryptionEntry> Entries { get; }

    /// <summary>Validates and freezes <paramref name="entries"/>.</summary>
    /// <exception cref="InvalidEncryptionConfigurationException">
    /// More than <see cref="EntryLimit"/> entries, or two entries covering the same track (an entry without tracks
    /// covers all of them, so it must be the only one).
    /// </exception>
    public static EncryptionConfiguration Create(IReadOnlyList<EncryptionEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > EntryLimit)
        {
            throw new InvalidEncryptionConfigurationException(
                $"{entries.Count} encryption entries; at most {EntryLimit} per recording are supported.", "Encryption");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < entries.Count; i++)
        {
            EncryptionEntry e = entries[i] ?? throw new InvalidEncryptionConfigurationException($"Encryption entry {i} is missing.", "Encryption");
            if (e.CoversAllTracks && entries.Count > 1)
            {
                throw new InvalidEncryptionConfigurationException(
                    $"Encryption entry {i} lists no Track and so covers all tracks, but other entries exist: each entry must cover a distinct set of tracks.", "Track");
            }

            foreach (string track in e.Tracks)
            {
                if (!seen.Add(track))
                {
                    throw new InvalidEncryptionConfigurationException(
                        $"Track '{track}' is covered by more than one encryption entry.", "Track");
                }
            }
        }

        return new EncryptionConfiguration([.. entries]);
    }

    /// <summary>The entry that protects <paramref name="trackToken"/>, or null when the track stays clear.</summary>
    public EncryptionEntry? Resolve(string trackToken)
    {
        foreach (EncryptionEntry e in Entries)
        {
            if (e.Covers(trackToken))
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>
    /// A protector for <paramref name="trackToken"/>, or null when no entry covers it. Give H.264 SPS/PPS in
    /// <paramref name="parameterSets"/> when known out of band (see <see cref="CencTrackProtector"/>).
    /// </summary>
    public CencTrackProtector? CreateProtector(
        string trackToken,
        MediaCodec codec,
        bool allowAesNi = true,
        IReadOnlyList<ReadOnlyMemory<byte>>? parameterSets = null) =>
        Resolve(trackToken) is { } e ? new CencTrackProtector(e.Mode, e.Key, codec, allowAesNi, parameterSets) : null;

    /// <summary>
    /// A protector for the track <paramref name="description"/> describes (codec, parameter sets from its
    /// <c>avcC</c>/<c>hvcC</c>, so slice headers are kept clear from the first frame), or null when no entry covers
    /// <paramref name="trackToken"/>. Preferred over the codec-only overload.
    /// </summary>
    public CencTrackProtector? CreateProtector(string trackToken, TrackDescription description, bool allowAesNi = true) =>
        Resolve(trackToken) is { } e ? CencTrackProtector.ForTrack(e.Mode, e.Key, description, allowAesNi) : null;
}
