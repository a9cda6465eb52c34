using System.Buffers.Binary;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Nvr.Storage.Keys;

namespace Nvr.Load.Soak;

/// <summary>Where an object was seen: the local storage, the S3 spool (waiting for upload) or the bucket.</summary>
public enum ObjectPlace
{
    Local,
    Spool,
    Bucket,
}

/// <summary>One complete object as seen from outside (a file under its key or an S3 object).</summary>
/// <param name="Duration">The Duration attribute (sidecar or x-amz-meta-duration); null for a segment recovered after a crash.</param>
public sealed record StoredObject(ObjectPlace Place, string Key, ObjectKey Parsed, long Length, TimeSpan? Duration, DateTime? LastModified);

/// <summary>A segment a kill left open: its key and the length its fragment journal names durable (0: none).</summary>
public sealed record OpenSegment(ObjectPlace Place, string Key, long DurableLength, long LengthOnDisk);

/// <summary>Reads the soak's storages from outside: the local tree, the spool tree (file names and journals) and the bucket.</summary>
public sealed class StoredObjects(string localRoot, string spoolRoot, AmazonS3Client s3, string bucket)
{
    public string LocalRoot => localRoot;

    public string SpoolRoot => spoolRoot;

    public IReadOnlyList<StoredObject> Files(ObjectPlace place)
    {
        var root = place == ObjectPlace.Local ? localRoot : spoolRoot;
        var objects = new List<StoredObject>();
        if (!Directory.Exists(root))
        {
            return objects;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (IsAuxiliary(key) || !ObjectKeyParser.TryParse(key, out var parsed))
            {
                continue;
            }

            try
            {
                objects.Add(new StoredObject(place, key, parsed, new FileInfo(file).Length, SidecarDuration(file + ".meta.json"), null));
            }
            catch (FileNotFoundException)
            {
                // uploaded and deleted from the spool meanwhile
            }
        }

        return objects;
    }

    public string PathOf(StoredObject stored) => Path.Combine(stored.Place == ObjectPlace.Local ? localRoot : spoolRoot, stored.Key);

    /// <summary>Every <c>.partial</c> with what its journal names durable (read the way recovery reads it).</summary>
    public IReadOnlyList<OpenSegment> OpenSegments()
    {
        var open = new List<OpenSegment>();
        foreach (var (place, root) in new[] { (ObjectPlace.Local, localRoot), (ObjectPlace.Spool, spoolRoot) })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var partial in Directory.EnumerateFiles(root, "*.partial", SearchOption.AllDirectories))
            {
                var key = Path.GetRelativePath(root, partial[..^".partial".Length]).Replace(Path.DirectorySeparatorChar, '/');
                open.Add(new OpenSegment(place, key, DurableLength(partial + ".idx"), new FileInfo(partial).Length));
            }
        }

        return open;
    }

    public async Task<IReadOnlyList<StoredObject>> BucketAsync(CancellationToken cancellationToken)
    {
        var objects = new List<StoredObject>();
        var request = new ListObjectsV2Request { BucketName = bucket };
        ListObjectsV2Response response;
        do
        {
            response = await s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var o in response.S3Objects ?? [])
            {
                if (ObjectKeyParser.TryParse(o.Key, out var parsed))
                {
                    objects.Add(new StoredObject(ObjectPlace.Bucket, o.Key, parsed, o.Size ?? 0, null, o.LastModified?.ToUniversalTime()));
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return objects;
    }

    /// <summary>Downloads an object to <paramref name="path"/> and returns its Duration attribute.</summary>
    public async Task<TimeSpan?> DownloadAsync(string key, string path, CancellationToken cancellationToken)
    {
        using var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
        await using (var file = File.Create(path))
        {
            await response.ResponseStream.CopyToAsync(file, cancellationToken);
        }

        var duration = response.Metadata["x-amz-meta-duration"];
        return string.IsNullOrEmpty(duration) ? null : System.Xml.XmlConvert.ToTimeSpan(duration);
    }

    private static bool IsAuxiliary(string key) =>
        key.EndsWith(".meta.json", StringComparison.Ordinal) || key.EndsWith(".partial", StringComparison.Ordinal) ||
        key.EndsWith(".partial.idx", StringComparison.Ordinal) || key.EndsWith(".tmp", StringComparison.Ordinal);

    private static TimeSpan? SidecarDuration(string sidecar)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(sidecar));
            return document.RootElement.TryGetProperty("Attributes", out var attributes) && attributes.TryGetProperty("Duration", out var d) && d.GetString() is { } text
                ? System.Xml.XmlConvert.ToTimeSpan(text)
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The journal as recovery reads it: increasing 8-byte little-endian end offsets; the last one is durable.</summary>
    private static long DurableLength(string journal)
    {
        if (!File.Exists(journal))
        {
            return 0;
        }

        var bytes = File.ReadAllBytes(journal);
        long committed = 0;
        for (var i = 0; i + 8 <= bytes.Length; i += 8)
        {
            var end = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(i, 8));
            if (end <= committed)
            {
                break;
            }

            committed = end;
        }

        return committed;
    }
}
