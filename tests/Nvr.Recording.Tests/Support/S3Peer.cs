namespace Nvr.Recording.Tests.Support;

/// <summary>A real s3rver (tests/peers/s3-server.sh) on a free 127.0.0.1 port, stopped on dispose.</summary>
public sealed class S3Peer : IAsyncDisposable
{
    private readonly TempDirectory _data = new();

    private S3Peer(int port) => Port = port;

    public int Port { get; }

    public string StorageUri => $"s3://nvr-access:nvr-secret@127.0.0.1:{Port}/nvr?region=us-east-1&tls=false";

    public static async Task<S3Peer> StartAsync()
    {
        var peer = new S3Peer(TestTools.FreeTcpPort());
        await TestTools.RunAsync("bash", [TestTools.PeerScript("s3-server.sh"), "start", peer.Port.ToString(), peer._data.Path], TimeSpan.FromMinutes(3));
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        await TestTools.RunAsync("bash", [TestTools.PeerScript("s3-server.sh"), "stop", Port.ToString()], TimeSpan.FromMinutes(1));
        _data.Dispose();
    }
}
