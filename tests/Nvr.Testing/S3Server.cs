using System.Globalization;
using System.Threading.Channels;
using Amazon.S3;
using Amazon.S3.Model;
using Nvr.Storage.Configuration;
using Nvr.Storage.S3;

namespace Nvr.Testing;

/// <summary>
/// The one S3 peer of every test project: a real s3rver (tests/peers/s3-server.sh, bucket <c>nvr</c>) on a free
/// 127.0.0.1 port. It can be stopped and started
/// again on the same port and data directory (an outage); the data directory is deleted on dispose. Waits for objects
/// are driven by file-system events in s3rver's data directory, checked through the S3 API.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string Bucket = "nvr";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _data = new("nvr-tests-s3");

    public int Port { get; } = TestTools.FreeTcpPort();

    public string DataDirectory => _data.Path;

    public string StorageUri => $"s3://nvr-access:nvr-secret@127.0.0.1:{Port}/{Bucket}?region=us-east-1&tls=false";

    /// <summary>The bucket as the appliance's storage configuration.</summary>
    public S3StorageConfiguration Configuration => (S3StorageConfiguration)StorageUriParser.Parse("s3", StorageUri);

    /// <summary>A new server, started.</summary>
    public static async Task<S3Server> StartNewAsync()
    {
        var server = new S3Server();
        await server.StartAsync();
        return server;
    }

    public Task StartAsync() =>
        TestTools.RunAsync("bash", [TestTools.PeerScript("s3-server.sh"), "start", Port.ToString(CultureInfo.InvariantCulture), _data.Path], ScriptTimeout);

    public Task StopAsync() =>
        TestTools.RunAsync("bash", [TestTools.PeerScript("s3-server.sh"), "stop", Port.ToString(CultureInfo.InvariantCulture)], ScriptTimeout);

    /// <summary>An SDK client configured like the appliance's (path style, no trailing checksums).</summary>
    public AmazonS3Client CreateClient() =>
        S3ClientFactory.Create(Configuration, TimeSpan.FromSeconds(30), maxErrorRetry: 2);

    /// <summary>Every key in the bucket under <paramref name="prefix"/> (all pages).</summary>
    public async Task<IReadOnlyList<S3Object>> ListAsync(AmazonS3Client client, string prefix)
    {
        var objects = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await client.ListObjectsV2Async(request);
            objects.AddRange(page.S3Objects ?? []);
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);

        return objects;
    }

    /// <summary>
    /// Awaits until the keys under <paramref name="prefix"/> satisfy <paramref name="done"/>: checked at once and after
    /// every change in s3rver's data directory, failing after <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForKeysAsync(string prefix, Func<IReadOnlyList<string>, bool> done, TimeSpan timeout)
    {
        var changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(_data.Path) { IncludeSubdirectories = true };
        FileSystemEventHandler signal = (_, _) => changed.Writer.TryWrite(true);
        watcher.Created += signal;
        watcher.Changed += signal;
        watcher.Deleted += signal;
        watcher.Renamed += (_, _) => changed.Writer.TryWrite(true);
        watcher.Error += (_, _) => changed.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;
        using var client = CreateClient();
        using var deadline = new CancellationTokenSource(timeout);
        IReadOnlyList<string> keys = [];
        try
        {
            while (true)
            {
                keys = (await ListAsync(client, prefix)).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
                if (done(keys))
                {
                    return keys;
                }

                await changed.Reader.ReadAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"the bucket did not reach the expected state within {timeout}; keys under '{prefix}': {string.Join(", ", keys)}");
        }
    }

    /// <summary>Downloads an object into <paramref name="directory"/> and returns the file path.</summary>
    public static async Task<string> DownloadAsync(AmazonS3Client client, string key, string directory)
    {
        var file = Path.Combine(directory, key.Replace('/', '_'));
        using var response = await client.GetObjectAsync(Bucket, key);
        await response.WriteResponseStreamToFileAsync(file, append: false, CancellationToken.None);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _data.Dispose();
    }
}
