using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Mp4.Reading;

namespace Nvr.Recording.Export;

/// <summary>
/// The content keys of a recording (KID in lowercase hex → key) applied to its protected samples (CENC/CBCS,
/// ISO/IEC 23001-7), in place: one AES decryptor per KID, made when a sample first needs it. Shared by the export
/// (and through it the web console's playback) and by RTSP replay. Keys stay inside; messages name KIDs only.
/// Not thread-safe.
/// </summary>
public sealed class RecordingDecryptor : IDisposable
{
    private readonly IReadOnlyDictionary<string, byte[]> _keys;
    private readonly Dictionary<string, CencSampleDecryptor> _decryptors = new(StringComparer.Ordinal);

    /// <param name="keys">Content keys by KID (32 lowercase hex digits).</param>
    public RecordingDecryptor(IReadOnlyDictionary<string, byte[]> keys) => _keys = keys;

    /// <summary>True when a track of <paramref name="file"/> has protected samples.</summary>
    public static bool IsProtected(Fmp4File file) => file.Tracks.Any(t => t.Protection is not null);

    /// <summary>Decrypts one sample's bytes as its track's <paramref name="protection"/> and its senc entry say.</summary>
    /// <exception cref="InvalidDataException">The recording has no key for the track's KID.</exception>
    public void Decrypt(Span<byte> sample, Fmp4Protection protection, ReadOnlySpan<byte> iv, ReadOnlySpan<Fmp4Subsample> subsamples)
    {
        var kid = Convert.ToHexStringLower(protection.KeyId);
        if (!_decryptors.TryGetValue(kid, out var decryptor))
        {
            if (!_keys.TryGetValue(kid, out var key))
            {
                throw new InvalidDataException($"no key for KID {kid} of the recording");
            }

            decryptor = _decryptors[kid] = new CencSampleDecryptor(key);
        }

        decryptor.Decrypt(sample, protection, iv, subsamples);
    }

    /// <summary>
    /// Decrypts every protected sample of <paramref name="file"/> inside its <see cref="Fmp4File.Data"/>: the layout
    /// (boxes, offsets, times) stays as recorded, the sample entries still name encv/enca with the original format.
    /// </summary>
    public void DecryptInPlace(Fmp4File file)
    {
        foreach (var sample in file.Samples)
        {
            if (file.Tracks[sample.TrackIndex].Protection is { } protection)
            {
                Decrypt(file.Data.AsSpan(sample.Offset, sample.Length), protection, sample.Iv, sample.Subsamples);
            }
        }
    }

    public void Dispose()
    {
        foreach (var decryptor in _decryptors.Values)
        {
            decryptor.Dispose();
        }

        _decryptors.Clear();
    }
}
