using System.Collections.Concurrent;
using Nvr.Storage.Local;
using Nvr.Storage.S3;

namespace Nvr.Storage.Tests.Support;

/// <summary>In-process uploader for spool unit tests: fails while <see cref="Failing"/> is set, records bytes otherwise.</summary>
public sealed class ScriptedUploader : IObjectUploader
{
    public volatile bool Failing;

    public ConcurrentQueue<(string Key, byte[] Bytes, string ContentType)> Uploaded { get; } = new();

    public int Attempts;

    public async Task UploadAsync(StoredObjectInfo item, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Attempts);
        if (Failing)
        {
            throw new HttpRequestException("scripted outage");
        }

        Uploaded.Enqueue((item.Key, await File.ReadAllBytesAsync(item.Path, cancellationToken), item.ContentType));
    }
}
