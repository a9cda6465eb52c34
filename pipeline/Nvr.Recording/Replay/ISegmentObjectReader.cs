using Nvr.Codecs.Mp4.Reading;
using Nvr.Recording.Export;
using Nvr.Storage.Export;

namespace Nvr.Recording.Replay;

/// <summary>
/// Reads a stored segment object of a recording whole, with clear samples (replay reads one segment at a time, with
/// one prefetched): protected samples come back decrypted in place, so the boxes, offsets and times are the
/// recorded ones while the sample entries may still say encv/enca (with the original format in frma).
/// </summary>
/// <exception cref="IOException">The object cannot be read (gone, storage unreachable).</exception>
/// <exception cref="InvalidDataException">Not a fragmented MP4, or protected with a key the recording does not have.</exception>
public interface ISegmentObjectReader
{
    Task<byte[]> ReadAsync(string recording, string storage, string key, CancellationToken cancellationToken);
}

/// <summary>
/// Segment objects as the web console and the export read them (<see cref="RecordedObjectReader"/>: a local
/// storage's directory; S3: the spool first, then the bucket), CENC/CBCS samples decrypted in place by
/// <see cref="RecordingDecryptor"/> with the recording's content keys, asked for (from the control plane) only when
/// an object is protected and not kept afterwards.
/// </summary>
public sealed class ClearSegmentObjectReader : ISegmentObjectReader
{
    private readonly RecordedObjectReader _objects;
    private readonly Func<string, CancellationToken, Task<IReadOnlyDictionary<string, byte[]>>> _keysOf;

    /// <param name="objects">Reads the stored objects.</param>
    /// <param name="keysOf">The content keys (KID in lowercase hex → key) of a recording.</param>
    public ClearSegmentObjectReader(RecordedObjectReader objects, Func<string, CancellationToken, Task<IReadOnlyDictionary<string, byte[]>>> keysOf)
    {
        _objects = objects;
        _keysOf = keysOf;
    }

    public async Task<byte[]> ReadAsync(string recording, string storage, string key, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await _objects.ReadAsync(storage, key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (IOException or OperationCanceledException))
        {
            // S3 answers other than 404 and transport failures: the replay treats them as an unreadable object.
            throw new IOException($"segment {key} of storage {storage} cannot be read: {e.GetType().Name}: {e.Message}", e);
        }

        var file = Fmp4File.Parse(bytes);
        if (RecordingDecryptor.IsProtected(file))
        {
            using var decryptor = new RecordingDecryptor(await _keysOf(recording, cancellationToken).ConfigureAwait(false));
            decryptor.DecryptInPlace(file);
        }

        return bytes;
    }
}
