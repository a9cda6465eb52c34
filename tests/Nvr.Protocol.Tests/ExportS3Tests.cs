using System.Globalization;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.EventWire;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// ExportRecordedData (5.21) with object storage on both ends: a recording stored in a real s3rver is exported into
/// that bucket. The exported object is read back with AWSSDK.S3 and judged by ffprobe/ffmpeg: clean, both tracks, and
/// its decoded video frames are exactly the recorded segments' frames; nothing is left staged on the appliance; the
/// progress reaches a PullPoint subscriber as tns1:Monitoring/AsynchronousOperationStatus.
/// </summary>
public sealed class ExportS3Tests : IClassFixture<S3EngineApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly S3EngineApplianceFixture _fixture;

    public ExportS3Tests(S3EngineApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_recording_in_S3_exports_into_the_bucket_as_one_mp4_with_every_recorded_frame()
    {
        var (recording, segments) = await _fixture.RecordIndexedSegmentsAsync("export-s3", Target("MP4", "PT2S", storage: "s3", postfix: "export-s3"), 3, Patience);
        await _fixture.WaitSpoolEmptyAsync(segments, Patience);
        var subscription = await CreatePullPointAsync(_fixture.Events, TopicFilter("tns1:Monitoring/AsynchronousOperationStatus"), "PT5M");
        await using var pullPoint = new OnvifSoapClient(subscription, OnvifSoapClient.Tev, _fixture.Capture);

        var response = await _fixture.Recording.CallAsync("ExportRecordedData",
            $"<trc:SearchScope><tt:IncludedRecordings>{recording}</tt:IncludedRecordings></trc:SearchScope><trc:FileFormat>MP4</trc:FileFormat>" +
            "<trc:StorageDestination><tt:StorageToken>s3</tt:StorageToken><tt:RelativePath>exports/s3</tt:RelativePath></trc:StorageDestination>");
        var operation = response.Element(Wire.Trc + "OperationToken")!.Value;
        var name = Assert.Single(response.Elements(Wire.Trc + "FileNames").Select(e => e.Value));
        Assert.StartsWith($"exports/s3/{recording}-", name, StringComparison.Ordinal);
        await WaitCompleteAsync(operation);

        // Core's AsynchronousOperationStatus reaches an Event service subscriber: the operation's token, progress to 1.0.
        var statuses = await PullUntilAsync(pullPoint, m => Source(m, "Token") == operation && Data(m, "Progress") == "1");
        var progress = statuses.Where(m => Source(m, "Token") == operation)
            .Select(m => double.Parse(Data(m, "Progress")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(progress.Order().ToList(), progress);
        Assert.All(statuses, m => Assert.Equal("ExportRecordedData", Source(m, "OperationName")));
        await UnsubscribeAsync(subscription, _fixture.Capture);

        using var client = _fixture.S3.CreateClient();
        using var work = new TempDirectory("nvr-export-s3");
        var exported = await S3Server.DownloadAsync(client, name, work.Path);
        Assert.Equal(["aac", "h264"], await FrameJudge.ProbeCleanAsync(exported));
        var recorded = new List<string>();
        foreach (var segment in segments)
        {
            recorded.AddRange(await FrameJudge.VideoFrameMd5Async(await S3Server.DownloadAsync(client, segment.Key, work.Path)));
        }

        Assert.Equal(recorded, await FrameJudge.VideoFrameMd5Async(exported));
        var staging = Path.Combine(_fixture.DataDirectory, "export-staging");
        Assert.True(!Directory.Exists(staging) || Directory.GetFiles(staging, "*", SearchOption.AllDirectories).Length == 0, "an export file stayed staged");
    }

    private async Task WaitCompleteAsync(string operation)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var state = await _fixture.Recording.CallAsync("GetExportRecordedDataState", Token("OperationToken", operation));
            if (double.Parse(state.Element(Wire.Trc + "Progress")!.Value, CultureInfo.InvariantCulture) >= 1.0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the export did not complete");
            await Task.Delay(100); // polling the operation's state over SOAP, as a client does, with a deadline
        }
    }
}
