using Amazon.S3.Model;
using Nvr.Recording.Cli;
using Nvr.Recording.Tests.Support;
using Nvr.Storage.Configuration;
using Nvr.Storage.Keys;
using Nvr.Storage.S3;

namespace Nvr.Recording.Tests.Integration;

/// <summary>Recording into s3rver through the spool, and the RTSP server dying mid-record.</summary>
[Collection(MediaCollection.Name)]
public sealed class StorageAndFaultTests(MediaFixture media)
{
    [Fact]
    public async Task Record_IntoS3_UploadsCmafSpans_WithContentTypesAndAttributes()
    {
        await using var s3 = await S3Server.StartNewAsync();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await RecordCommand.RunAsync(
            ["--source", media.UriFor("h264").ToString(), "--duration", "3", "--format", "CMAF", "--segment-duration", "PT2S", "--prefix", "s3-test", "--storage", s3.StorageUri],
            TextWriter.Synchronized(output), TextWriter.Synchronized(error)).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(code == 0, error.ToString());
        Assert.DoesNotContain("nvr-secret", output.ToString() + error.ToString(), StringComparison.Ordinal);

        var configuration = (S3StorageConfiguration)StorageUriParser.Parse("s3", s3.StorageUri);
        using var client = S3ClientFactory.Create(configuration, TimeSpan.FromSeconds(30));
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "nvr", Prefix = "s3-test/" });
        var keys = listed.S3Objects.Select(o => ObjectKeyParser.Parse(o.Key)).ToList();
        Assert.Contains(keys, k => k.Kind == SpanKind.CmafVideo && k.IsSpanEnd);
        Assert.Contains(keys, k => k.Kind == SpanKind.CmafAudio && k.IsSpanEnd);

        var video = keys.First(k => k.Kind == SpanKind.CmafVideo && !k.IsSpanEnd);
        var head = await client.GetObjectMetadataAsync("nvr", video.Key);
        Assert.StartsWith("video/mp4; codecs=\"avc1.", head.Headers.ContentType, StringComparison.Ordinal);
        Assert.Equal("1.0", head.Metadata["x-amz-meta-version"]);
        Assert.Equal("1280", head.Metadata["x-amz-meta-videowidth"]);
        Assert.StartsWith("PT", head.Metadata["x-amz-meta-duration"], StringComparison.Ordinal);

        var audio = keys.First(k => k.Kind == SpanKind.CmafAudio && !k.IsSpanEnd);
        var audioHead = await client.GetObjectMetadataAsync("nvr", audio.Key);
        Assert.Equal("audio/mp4; codecs=\"mp4a.40.2\"", audioHead.Headers.ContentType);
        Assert.Equal("48", audioHead.Metadata["x-amz-meta-audiosamplerate"]);

        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "v.m4v");
        using (var body = await client.GetObjectAsync("nvr", video.Key))
        {
            await body.WriteResponseStreamToFileAsync(file, false, CancellationToken.None);
        }

        Assert.Contains(await MediaJudge.ProbeCleanAsync(file), s => s.StartsWith("h264:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RtspServerKilledMidRecord_ClosesTheSpan_AndExitsWithAClearError()
    {
        var server = new MediaFixture();
        await server.InitializeAsync();
        try
        {
            using var dir = new TempDirectory();
            StringWriter error;
            Task<int> record;
            for (var attempt = 1; ; attempt++)
            {
                var aborts = server.PeerAborts();
                var firstSegment = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var output = new SignallingWriter("wrote ", firstSegment);
                error = new StringWriter();
                record = RecordCommand.RunAsync(
                    ["--source", server.UriFor("video-only").ToString(), "--duration", "60", "--segment-duration", "PT1S", "--out", dir.Path],
                    output, TextWriter.Synchronized(error));
                await Task.WhenAny(firstSegment.Task, record).WaitAsync(TimeSpan.FromSeconds(60));
                if (!firstSegment.Task.IsCompleted && attempt == 1 && server.PeerAborts() > aborts)
                {
                    // the camera itself crashed before the first segment (a GStreamer defect, restarted by its
                    // supervisor): that is not the moment this test is about; record again
                    Directory.Delete(dir.Path, recursive: true);
                    Directory.CreateDirectory(dir.Path);
                    continue;
                }

                Assert.True(firstSegment.Task.IsCompleted, $"no segment before the server was stopped: {error}");
                break;
            }

            await server.StopServerAsync();

            int code = await record.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(1, code);
            Assert.Contains("failed while recording", error.ToString(), StringComparison.Ordinal);
            var keys = new Nvr.Storage.Local.LocalDiskSink(dir.Path).ListKeys().Select(ObjectKeyParser.Parse).ToList();
            var end = Assert.Single(keys, k => k.IsSpanEnd);
            Assert.Equal(keys.Count(k => !k.IsSpanEnd), end.Counter);
            foreach (var segment in keys.Where(k => !k.IsSpanEnd))
            {
                Assert.NotEmpty(await MediaJudge.ProbeCleanAsync(Path.Combine(dir.Path, segment.Key)));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
