using System.Globalization;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Recording.Tests.Support;

namespace Nvr.Recording.Tests.Integration;

/// <summary>
/// Joining a camera mid-stream: the GStreamer shared mount (no query string) keeps one pipeline for all clients and
/// does not restart its GOP for a newcomer, like most cameras. Another client holds the pipeline running; <c>nvr
/// record</c> joins it at an arbitrary point of a GOP, four recorders at once like cameras set up together. The server
/// hands a newcomer the key frame of the running GOP and then continues live, with the frames in between missing:
/// a span must not start with such a broken GOP. From the first key frame of the span on, every frame is written.
/// </summary>
[Collection(MediaCollection.Name)]
public sealed class MidStreamJoinTests(MediaFixture media)
{
    [Theory]
    [InlineData("h264", "MP4")]
    [InlineData("h264", "CMAF")]
    [InlineData("bframes", "MP4")]
    public async Task Joining_a_running_shared_mount_writes_every_frame_from_the_first_key_frame_on(string path, string format)
    {
        // a first client keeps the shared pipeline playing; the recorder joins after 37 of its frames (mid-GOP: 25 fps, GOP 1 s)
        var ingest = new RtspIngest(new RtspIngestOptions(media.UriFor(path)));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = ingest.RunAsync(stop.Token);
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Task.Run(async () =>
        {
            int video = 0;
            await foreach (var unit in ingest.AccessUnits.ReadAllAsync(stop.Token))
            {
                if (unit.Kind == MediaKind.Video && ++video == 37)
                {
                    joined.TrySetResult();
                }

                unit.Release();
            }
        });
        try
        {
            await joined.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var dirs = Enumerable.Range(0, 4).Select(_ => new TempDirectory()).ToList();
            try
            {
                var runs = await Task.WhenAll(dirs.Select(d => RecordRun.RunAsync(d.Path, "--source", media.UriFor(path).ToString(),
                    "--duration", "5", "--format", format, "--segment-duration", "PT30S")));
                foreach (var record in runs)
                {
                    await AssertEveryFrameFromTheFirstKeyFrameAsync(record);
                }
            }
            finally
            {
                dirs.ForEach(d => d.Dispose());
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(run, holder).ContinueWith(_ => { }, TaskScheduler.Default);
            ingest.Output.DrainAndRelease();
        }
    }

    private static async Task AssertEveryFrameFromTheFirstKeyFrameAsync(RecordRun record)
    {
        Assert.True(record.ExitCode == 0, $"exit {record.ExitCode}: {record.Error}");
        var first = record.Keys().First(k => !k.IsSpanEnd && k.Kind is Storage.Keys.SpanKind.Mp4 or Storage.Keys.SpanKind.CmafVideo);
        var packets = await VideoPacketsAsync(record.PathOf(first));
        Assert.True(packets.Count >= 50, $"{first.Key}: {packets.Count} video frames in about 4 s of a 25 fps camera");
        Assert.True(packets[0].Key, $"{first.Key} does not start with a key frame");

        // decode times run without a hole: consecutive frames are one frame duration (40 ms) apart, so the frame
        // count equals the time covered
        var dts = packets.Select(p => p.Dts).ToList();
        for (int i = 1; i < dts.Count; i++)
        {
            Assert.True(Math.Abs(dts[i] - dts[i - 1] - 0.04) < 0.002, $"{first.Key}: hole after frame {i - 1}: DTS {dts[i - 1]:0.###} -> {dts[i]:0.###}");
        }

        Assert.Equal(dts.Count, (int)Math.Round((dts[^1] - dts[0]) / 0.04) + 1);
    }

    private static async Task<List<(double Dts, bool Key)>> VideoPacketsAsync(string file)
    {
        var result = await TestTools.RunAsync("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=dts_time,flags", "-of", "csv=p=0", file], TimeSpan.FromMinutes(1));
        Assert.True(string.IsNullOrWhiteSpace(result.Error), $"ffprobe: {result.Error}");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Split(','))
            .Select(f => (double.Parse(f[0], CultureInfo.InvariantCulture), f[1].Contains('K', StringComparison.Ordinal)))
            .ToList();
    }
}
