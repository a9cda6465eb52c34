using Amazon.S3.Model;
using Nvr.Storage.Keys;
using Nvr.Storage.S3;
using Nvr.Storage.Sinks;
using Nvr.Storage.Spool;
using Nvr.Storage.Tests.Support;

namespace Nvr.Storage.Tests.S3;

/// <summary>Against a real s3rver: objects, content types, x-amz-meta-* attributes, multipart, span end objects.</summary>
public sealed class S3UploadTests : IAsyncLifetime
{
    private readonly TempDirectory _spool = new();
    private S3Server _server = null!;

    public async Task InitializeAsync() => _server = await S3Server.StartNewAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _spool.Dispose();
    }

    private async Task<byte[]> ReadAsync(string key)
    {
        using var client = _server.CreateClient();
        using var response = await client.GetObjectAsync(S3Server.Bucket, key);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private async Task UploadThroughSpoolAsync(S3ObjectUploader uploader, Func<SpoolingSink, Task> write, int objects)
    {
        await using var sink = new SpoolingSink(_spool.Path, uploader);
        var done = Signals.Create<bool>();
        int uploaded = 0;
        sink.ObjectUploaded += _ =>
        {
            if (Interlocked.Increment(ref uploaded) == objects)
            {
                done.TrySetResult(true);
            }
        };
        sink.Start();
        await write(sink);
        await done.Within($"{objects} uploads to s3rver");
    }

    [Fact]
    public async Task Segment_object_has_its_bytes_content_type_with_codecs_and_B9_attributes_as_amz_meta()
    {
        using var client = _server.CreateClient();
        var metadata = TestSegments.Metadata(0, duration: TimeSpan.FromSeconds(4.96));
        var fragments = Enumerable.Range(0, 4).Select(i => TestSegments.Fragment(i, 50_000)).ToList();
        await UploadThroughSpoolAsync(new S3ObjectUploader(client, S3Server.Bucket), async sink =>
        {
            await using var writer = await sink.OpenSegmentAsync(metadata);
            foreach (var fragment in fragments)
            {
                await writer.WriteFragmentAsync(fragment);
            }

            await writer.CompleteAsync();
        }, 1);

        var head = await client.GetObjectMetadataAsync(S3Server.Bucket, "site-2/2022-11-08/camera-5/15/08-23.547Z.0.mp4");
        Assert.Equal("video/mp4; codecs=\"avc1.64001f,mp4a.40.2\"", head.Headers.ContentType);
        Assert.Equal(200_000, head.ContentLength);
        Assert.Equal("1.0", head.Metadata["x-amz-meta-version"]);
        Assert.Equal("camera-5", head.Metadata["x-amz-meta-source"]);
        Assert.Equal("PT4.96S", head.Metadata["x-amz-meta-duration"]);
        Assert.Equal("1280", head.Metadata["x-amz-meta-videowidth"]);
        Assert.Equal("25", head.Metadata["x-amz-meta-videoframerate"]);
        Assert.Equal("video/mp4; codecs=\"avc1.64001f,mp4a.40.2\"", head.Metadata["x-amz-meta-fullcontenttype"]);
        Assert.DoesNotContain("x-amz-meta-eventtopic", head.Metadata.Keys);
        Assert.Equal(TestSegments.Concat(fragments), await ReadAsync(metadata.Key));
    }

    [Fact]
    public async Task Large_segment_goes_up_in_parts_and_round_trips_with_type_and_attributes()
    {
        using var client = _server.CreateClient();
        var (recorded, recorder) = RecordingS3Proxy.Wrap(client);
        var uploader = new S3ObjectUploader(recorded, S3Server.Bucket) { MultipartThreshold = 1024 * 1024, PartSize = 1024 * 1024 };
        var metadata = new SegmentMetadata(
            ObjectKeyBuilder.Segment("site-2", "camera-5", TestSegments.Start, 0, SpanKind.CmafAudio),
            MediaContentType.WithCodecs(SpanKind.CmafAudio.MediaType(), "mp4a.40.2"),
            new SegmentAttributes { AudioSampleRate = 48, AudioBitrate = 128 });
        var fragments = Enumerable.Range(0, 7).Select(i => TestSegments.Fragment(i, 512 * 1024 + 17)).ToList();
        await UploadThroughSpoolAsync(uploader, async sink =>
        {
            await using var writer = await sink.OpenSegmentAsync(metadata);
            foreach (var fragment in fragments)
            {
                await writer.WriteFragmentAsync(fragment);
            }

            await writer.CompleteAsync();
        }, 1);

        // 7 x (512 KiB + 17) bytes = 3.5 MiB + 119 bytes in 1 MiB parts: 4 parts, no single PutObject; then read back (HEAD).
        Assert.Equal(
            ["InitiateMultipartUploadAsync", "UploadPartAsync", "UploadPartAsync", "UploadPartAsync", "UploadPartAsync", "CompleteMultipartUploadAsync", "GetObjectMetadataAsync"],
            recorder.Calls);
        var head = await client.GetObjectMetadataAsync(S3Server.Bucket, metadata.Key);
        Assert.Equal("audio/mp4; codecs=\"mp4a.40.2\"", head.Headers.ContentType);
        Assert.Equal("48", head.Metadata["x-amz-meta-audiosamplerate"]);
        Assert.Equal(TestSegments.Concat(fragments), await ReadAsync(metadata.Key));
    }

    [Fact]
    public async Task Span_end_object_is_an_empty_object_under_the_B5_key()
    {
        using var client = _server.CreateClient();
        var key = ObjectKeyBuilder.SpanEnd("site-2", "camera-5", new DateTimeOffset(2022, 11, 8, 16, 34, 11, 421, TimeSpan.Zero), 84, SpanKind.Mp4);
        await UploadThroughSpoolAsync(
            new S3ObjectUploader(client, S3Server.Bucket),
            async sink => await sink.WriteEmptyObjectAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes())),
            1);

        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = S3Server.Bucket });
        var only = Assert.Single(listed.S3Objects);
        Assert.Equal("site-2/2022-11-08/camera-5/16/34-11.421Z.85.mp4_end", only.Key);
        Assert.Equal(0, only.Size);
    }

    [Fact]
    public async Task Factory_builds_a_started_spooling_sink_from_an_s3_uri()
    {
        var configuration = Nvr.Storage.Configuration.StorageUriParser.ParseBinding(
            $"cloud=s3://nvr-access:nvr-secret@127.0.0.1:{_server.Port}/{S3Server.Bucket}?tls=false");
        var sink = Assert.IsType<SpoolingSink>(StorageSinkFactory.Create(configuration, _spool.Path));
        await using (sink)
        {
            var uploaded = Signals.Create<string>();
            sink.ObjectUploaded += key => uploaded.TrySetResult(key);
            var key = ObjectKeyBuilder.SpanEnd(null, null, TestSegments.Start, 0, SpanKind.CmafVideo);
            await sink.WriteEmptyObjectAsync(new SegmentMetadata(key, "video/mp4", new SegmentAttributes()));
            Assert.Equal(key, await uploaded.Within("the upload"));
            Assert.StartsWith(Path.Combine(_spool.Path, "cloud"), sink.SpoolDirectory, StringComparison.Ordinal);
        }

        using var client = _server.CreateClient();
        var head = await client.GetObjectMetadataAsync(S3Server.Bucket, "2022-11-08/15/08-23.547Z.1.m4v_end");
        Assert.Equal(0, head.ContentLength);
    }
}
