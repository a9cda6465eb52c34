using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nvr.Storage.Local;

namespace Nvr.Storage.S3;

/// <summary>
/// Uploads spooled objects to an S3 bucket: one PutObject up to <see cref="MultipartThreshold"/> bytes,
/// a multipart upload of <see cref="PartSize"/> parts above it. The content type (with its codecs
/// parameter) is sent as Content-Type and every B.9 attribute as <c>x-amz-meta-&lt;Name&gt;</c>.
/// </summary>
public sealed class S3ObjectUploader : IObjectUploader, Sinks.IRemoteObjectLister, IDisposable
{
    /// <summary>The smallest part AWS accepts (except for the last part).</summary>
    public const long MinimumPartSize = 5L * 1024 * 1024;

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly ILogger _logger;
    private readonly bool _ownsClient;

    /// <summary>Creates an uploader writing into <paramref name="bucket"/> through <paramref name="client"/>.</summary>
    /// <param name="client">S3 client (see <see cref="S3ClientFactory"/>).</param>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="ownsClient">Dispose the client with this uploader.</param>
    public S3ObjectUploader(IAmazonS3 client, string bucket, ILogger<S3ObjectUploader>? logger = null, bool ownsClient = false)
    {
        _client = client;
        _bucket = bucket;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _ownsClient = ownsClient;
    }

    /// <summary>Objects larger than this are uploaded in parts (default 16 MiB).</summary>
    public long MultipartThreshold { get; init; } = 16L * 1024 * 1024;

    /// <summary>Read every uploaded object back (HEAD: length and ETag) before it counts as uploaded (default true).</summary>
    public bool Verify { get; init; } = true;

    /// <summary>Part size of multipart uploads (default 8 MiB; AWS needs at least 5 MiB).</summary>
    public long PartSize { get; init; } = 8L * 1024 * 1024;

    /// <inheritdoc />
    public async Task UploadAsync(StoredObjectInfo item, CancellationToken cancellationToken)
    {
        if (item.Length <= MultipartThreshold)
        {
            var put = new PutObjectRequest
            {
                BucketName = _bucket,
                Key = item.Key,
                ContentType = item.ContentType,
                UseChunkEncoding = false,
            };
            if (item.Length == 0)
            {
                put.ContentBody = string.Empty;
            }
            else
            {
                put.FilePath = item.Path;
            }

            AddMetadata(put.Metadata, item);
            var stored = await _client.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(item, stored.ETag, cancellationToken).ConfigureAwait(false);
            return;
        }

        var completed = await UploadMultipartAsync(item, cancellationToken).ConfigureAwait(false);
        await VerifyAsync(item, completed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the object back (HEAD) after the store acknowledged it: an acknowledged upload counts only when the store
    /// holds an object of the spooled length under the key (and the ETag it answered, when it answered one). A store
    /// that answers 200 and loses the object ("accepts and loses") thus fails the attempt, and the spool retries.
    /// </summary>
    private async Task VerifyAsync(StoredObjectInfo item, string? acknowledgedETag, CancellationToken cancellationToken)
    {
        if (!Verify)
        {
            return;
        }

        GetObjectMetadataResponse held;
        try
        {
            held = await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = item.Key }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception missing) when (missing.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            throw new UnverifiedUploadException($"the store acknowledged {item.Key} but does not hold it", missing);
        }

        if (held.ContentLength != item.Length)
        {
            throw new UnverifiedUploadException($"the store acknowledged {item.Key} ({item.Length} bytes) but holds {held.ContentLength} bytes");
        }

        if (!string.IsNullOrEmpty(acknowledgedETag) && !string.IsNullOrEmpty(held.ETag) && held.ETag.Trim('"') != acknowledgedETag.Trim('"'))
        {
            throw new UnverifiedUploadException($"the store acknowledged {item.Key} as {acknowledgedETag} but holds {held.ETag}");
        }
    }

    /// <inheritdoc />
    /// <inheritdoc />
    public async Task<IReadOnlyList<Sinks.ListedObject>> ListRemoteAsync(string keyDirectory, CancellationToken cancellationToken)
    {
        var listed = new List<Sinks.ListedObject>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = keyDirectory.TrimEnd('/') + "/", Delimiter = "/" };
        ListObjectsV2Response response;
        do
        {
            response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var o in response.S3Objects ?? [])
            {
                var head = await _client.GetObjectMetadataAsync(_bucket, o.Key, cancellationToken).ConfigureAwait(false);
                var duration = head.Metadata["x-amz-meta-duration"];
                listed.Add(new Sinks.ListedObject(o.Key, o.Size ?? 0, string.IsNullOrEmpty(duration) ? null : System.Xml.XmlConvert.ToTimeSpan(duration)));
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return listed;
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task<string?> UploadMultipartAsync(StoredObjectInfo item, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = _bucket, Key = item.Key, ContentType = item.ContentType };
        AddMetadata(initiate.Metadata, item);
        var started = await _client.InitiateMultipartUploadAsync(initiate, cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = new List<PartETag>();
            long position = 0;
            for (int number = 1; position < item.Length; number++)
            {
                long size = Math.Min(PartSize, item.Length - position);
                var part = await _client.UploadPartAsync(
                    new UploadPartRequest
                    {
                        BucketName = _bucket,
                        Key = item.Key,
                        UploadId = started.UploadId,
                        PartNumber = number,
                        FilePath = item.Path,
                        FilePosition = position,
                        PartSize = size,
                        UseChunkEncoding = false,
                    },
                    cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(number, part.ETag));
                position += size;
            }

            var completed = await _client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest { BucketName = _bucket, Key = item.Key, UploadId = started.UploadId, PartETags = parts },
                cancellationToken).ConfigureAwait(false);
            return completed.ETag;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await TryAbortAsync(item.Key, started.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task TryAbortAsync(string key, string uploadId)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = key, UploadId = uploadId }).ConfigureAwait(false);
        }
        catch (AmazonServiceException abortFailure)
        {
            _logger.LogDebug(abortFailure, "Aborting multipart upload of {Key} failed", key);
        }
        catch (HttpRequestException abortFailure)
        {
            _logger.LogDebug(abortFailure, "Aborting multipart upload of {Key} failed", key);
        }
    }

    private static void AddMetadata(MetadataCollection metadata, StoredObjectInfo item)
    {
        foreach (var (name, value) in item.Attributes)
        {
            metadata.Add(name, value);
        }
    }
}

/// <summary>The store acknowledged an upload but reading it back did not find the object that was sent.</summary>
public sealed class UnverifiedUploadException : IOException
{
    public UnverifiedUploadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
