using Nvr.Codecs.Cenc.Crypto;

namespace Nvr.Codecs.Cenc.Config;

/// <summary>
/// One ONVIF <c>Encryption</c> entry of a recording target (Annex B.8): the scheme, the key with its KID, and the
/// track tokens it covers. No tracks listed means it covers every track of the recording.
/// </summary>
public sealed record EncryptionEntry(EncryptionScheme Mode, ContentKey Key, IReadOnlyList<string> Tracks)
{
    /// <summary>True when the entry lists no tracks and so covers all of them.</summary>
    public bool CoversAllTracks => Tracks.Count == 0;

    /// <summary>Builds an entry from the ONVIF fields: mode name, KID as 32 hex digits, key bytes, track tokens.</summary>
    /// <exception cref="InvalidEncryptionConfigurationException">Unknown mode, or KID/key of the wrong length.</exception>
    public static EncryptionEntry FromOnvif(string mode, string kidHex, ReadOnlySpan<byte> key, IReadOnlyList<string>? tracks) =>
        new(EncryptionModes.Parse(mode), ContentKey.Create(kidHex, key), tracks ?? []);

    /// <summary>True when this entry protects <paramref name="trackToken"/>.</summary>
    public bool Covers(string trackToken)
    {
        if (CoversAllTracks)
        {
            return true;
        }

        foreach (string t in Tracks)
        {
            if (string.Equals(t, trackToken, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
