namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>
/// H.265 elementary streams made by ffmpeg/libx265 with varied slice header features, in
/// <c>${NVR_TEST_MEDIA:-/tmp/nvr-test-media}/hevc-headers/</c> (idempotent per settings), each with ffmpeg's
/// <c>trace_headers</c> output beside it (the independent judge of slice header bit positions).
/// </summary>
public sealed class HevcStreamsFixture : IAsyncLifetime
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Stream name → x265 settings. x265 cannot make tiles or dependent slices; WPP gives entry points.</summary>
    public static readonly IReadOnlyDictionary<string, (string Size, string PixFmt, string Filter, string X265)> Streams =
        new Dictionary<string, (string, string, string, string)>
        {
            // 4 slices per picture (slice_segment_address), B-pyramid, weighted P and B prediction during fades,
            // 4 references (num_ref_idx override, collocated_ref_idx), WPP entry points, SAO.
            ["slices-bframes-weights-wpp"] = ("640x360", "yuv420p", "fade=in:0:20,fade=out:50:25",
                "keyint=25:min-keyint=25:scenecut=0:slices=4:bframes=3:b-pyramid=1:weightp=1:weightb=1:ref=4"),
            // 4:4:4, no WPP, no SAO, deblocking offsets, PPS reference-count defaults, chroma QP offsets, AUDs,
            // adaptive B-frames (up to 4), constrained intra prediction.
            ["yuv444-nowpp-nosao"] = ("416x240", "yuv444p", "null",
                "keyint=50:bframes=4:b-adapt=2:ref=3:wpp=0:sao=0:deblock=-2,1:cbqpoffs=2:crqpoffs=-2:opt-ref-list-length-pps=1:opt-qp-pps=1:constrained-intra=1:repeat-headers=1:aud=1"),
            // 10-bit 4:2:0, 3 slices with WPP, open GOP (CRA + RASL pictures), B-frames.
            ["main10-opengop-slices"] = ("352x288", "yuv420p10le", "null",
                "keyint=30:min-keyint=30:open-gop=1:scenecut=0:slices=3:bframes=2:ref=2"),
        };

    public string Directory { get; } = Path.Combine(
        TestTools.MediaDirectory, "hevc-headers");

    /// <summary>The stream file; its name carries a hash of the settings, so changed settings never reuse a stale file.</summary>
    public string StreamPath(string name) => Path.Combine(Directory, $"{name}-{SettingsHash(name)}.265");

    public string TracePath(string name) => Path.Combine(Directory, $"{name}-{SettingsHash(name)}.trace");

    private static string SettingsHash(string name) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Streams[name].ToString())))[..8];

    public async Task InitializeAsync()
    {
        TestTools.Require("ffmpeg");
        System.IO.Directory.CreateDirectory(Directory);
        foreach ((string name, (string size, string pixFmt, string filter, string x265)) in Streams)
        {
            string stream = StreamPath(name);
            if (!File.Exists(stream) || new FileInfo(stream).Length == 0)
            {
                string tmp = $"{stream}.{Guid.NewGuid():N}.tmp";
                ProcessResult made = await TestTools.RunUncheckedAsync("ffmpeg",
                [
                    "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={size}:rate=25:duration=3",
                    "-vf", filter, "-pix_fmt", pixFmt, "-c:v", "libx265", "-preset", "veryfast", "-x265-params", "log-level=error:" + x265,
                    "-f", "hevc", tmp,
                ], ToolTimeout);
                Assert.True(made.ExitCode == 0, $"ffmpeg/libx265 could not make {name}: " + made.Describe());
                File.Move(tmp, stream, overwrite: true);
            }

            string trace = TracePath(name);
            if (!File.Exists(trace) || new FileInfo(trace).Length == 0)
            {
                ProcessResult traced = await TestTools.RunUncheckedAsync("ffmpeg",
                    ["-nostdin", "-hide_banner", "-loglevel", "info", "-i", stream, "-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-"], ToolTimeout);
                Assert.True(traced.ExitCode == 0, $"ffmpeg trace_headers failed on {name}: " + traced.Describe());
                string tmp = $"{trace}.{Guid.NewGuid():N}.tmp";
                await File.WriteAllTextAsync(tmp, traced.Error);
                File.Move(tmp, trace, overwrite: true);
            }
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
