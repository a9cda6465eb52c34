using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Recording;
using Nvr.Testing;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>
/// Issue 17, a disk that fills: the recording directory is a 20 MiB tmpfs; while a camera records into it, the file
/// system is filled to the last byte. The job reports the storage fault (Error with the reason, /metrics), no object
/// under a segment key is anything but a complete, playable segment, and once space is freed recording resumes by
/// itself. Skipped (with the reason) where tmpfs cannot be mounted (not root, no CAP_SYS_ADMIN).
/// </summary>
public sealed class HostileDiskTests : IClassFixture<HostileDiskTests.SmallDisk>
{
    private static readonly TimeSpan Patience = HostileApplianceFixture.Patience;
    private readonly SmallDisk _fixture;

    public HostileDiskTests(SmallDisk fixture) => _fixture = fixture;

    [TmpfsFact]
    public async Task A_full_disk_is_a_storage_Error_presents_nothing_half_written_and_recording_resumes_when_space_is_freed()
    {
        var system = _fixture.Host.Control.System;
        using var states = new EventCollector<RecordingJobStateEvent>(system);
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        await using var camera = new HostileCamera();
        var scenario = await _fixture.RecordAsync("disk-full", camera.Uri, storage: "tmpfs");
        var first = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored, Patience);

        var filler = Path.Combine(_fixture.Mount, "filler.bin");
        FillTheDisk(filler);
        var error = states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Error", Patience);
        Assert.Contains(error.Information.Sources.SelectMany(s => s.Tracks), t => t.Error?.StartsWith(TrackErrorReasons.StorageFailed, StringComparison.Ordinal) == true);
        Assert.Equal("Error", await _fixture.JobStateAsync(scenario.Job));
        var metrics = await _fixture.ScrapeAsync();
        Assert.True(HostileApplianceFixture.Metric(metrics, "nvr_recording_storage_failures_total", ("recording", scenario.Recording)) > 0);
        await AssertEverySegmentKeyIsCompleteAsync();

        File.Delete(filler);
        states.Next(e => e.RecordingJobToken == scenario.Job && e.State == "Active", Patience);
        var resumed = segments.Next(s => s.RecordingToken == scenario.Recording && s.Stored && s.StartUtc > first.EndUtc, Patience);
        Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(Path.Combine(_fixture.Mount, resumed.Key)));
        await scenario.SetJobModeAsync(_fixture.Recording, "Idle");
        await AssertEverySegmentKeyIsCompleteAsync();
    }

    private static void FillTheDisk(string path)
    {
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the file system is full
        }

        try
        {
            for (var size = chunk.Length / 2; size > 0; size /= 2)
            {
                file.Write(chunk.AsSpan(0, size));
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Every object under a segment key (no .partial suffix) probes clean: nothing half-written looks complete.</summary>
    private async Task AssertEverySegmentKeyIsCompleteAsync()
    {
        var keys = Directory.EnumerateFiles(Path.Combine(_fixture.Mount, "disk-full"), "*.mp4", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(keys);
        foreach (var file in keys)
        {
            Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(file));
        }
    }

    /// <summary>The appliance with storage "tmpfs" on a 20 MiB tmpfs mounted for the test (unmounted at the end).</summary>
    public sealed class SmallDisk : HostileApplianceFixture
    {
        public string Mount { get; } = Path.Combine(Path.GetTempPath(), $"nvr-small-disk-{Guid.NewGuid():N}");

        protected override string ValidationLabel => "hostile-disk";

        protected override IReadOnlyDictionary<string, string> Storages =>
            new Dictionary<string, string>(base.Storages) { ["tmpfs"] = new Uri(Mount).AbsoluteUri };

        public override async Task InitializeAsync()
        {
            Directory.CreateDirectory(Mount);
            if (TmpfsFactAttribute.Permitted)
            {
                await TestTools.RunAsync("mount", ["-t", "tmpfs", "-o", "size=20m", "tmpfs", Mount], TimeSpan.FromSeconds(30));
            }

            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            try
            {
                await base.DisposeAsync();
            }
            finally
            {
                if (TmpfsFactAttribute.Permitted && (await TestTools.RunUncheckedAsync("umount", [Mount], TimeSpan.FromSeconds(30))).ExitCode != 0)
                {
                    // busy (a file of the ended appliance still closing): detached now, freed when the last user closes it
                    await TestTools.RunUncheckedAsync("umount", ["-l", Mount], TimeSpan.FromSeconds(30));
                }

                await DirectoryCleanup.DeleteAsync(Mount);
            }
        }
    }
}

/// <summary>A fact that needs to mount a tmpfs; skipped with the reason where mounting is not permitted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Refusal = new(Probe);

    public TmpfsFactAttribute()
    {
        if (Refusal.Value is { } reason)
        {
            Skip = reason;
        }
    }

    public static bool Permitted => Refusal.Value is null;

    private static string? Probe()
    {
        var probe = Directory.CreateTempSubdirectory("nvr-tmpfs-probe-").FullName;
        try
        {
            var mount = TestTools.RunUncheckedAsync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            if (mount.ExitCode != 0)
            {
                return $"cannot mount a tmpfs here (needs root/CAP_SYS_ADMIN): {mount.Error.Trim()}";
            }

            TestTools.RunUncheckedAsync("umount", [probe], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"cannot run mount: {e.Message}";
        }
        finally
        {
            Directory.Delete(probe);
        }
    }
}
