namespace Nvr.Load.Harness;

/// <summary>What one harness run does (see Program for the options).</summary>
public sealed record LoadOptions
{
    public int Cameras { get; init; } = 20;

    public int Seconds { get; init; } = 20;

    public int SegmentSeconds { get; init; } = 4;

    /// <summary>
    /// Recording time of each fleet before the measured window starts (connections, JIT, process start-up of the N
    /// ffmpeg processes): CPU and context switches are measured over the <see cref="Seconds"/> that follow.
    /// </summary>
    public int WarmupSeconds { get; init; }

    public string OutputDirectory { get; init; } = Path.Combine(Path.GetTempPath(), $"nvr-load-{Guid.NewGuid():N}");

    public bool Ffmpeg { get; init; } = true;

    public string? AdminUser { get; init; }

    /// <summary>The appliance's <c>--ingest-read-ms</c> (null: its default).</summary>
    public int? IngestReadMilliseconds { get; init; }

    public string? AdminPassword { get; init; }

    /// <summary>Keep the data directories (default: deleted after a run without loss).</summary>
    public bool Keep { get; init; }

    /// <summary>Appended with one row per fleet (sweeps).</summary>
    public string? CsvFile { get; init; }
}

/// <summary>The measurements of one fleet (the appliance or N ffmpeg processes) over the same streams.</summary>
public sealed record FleetResult(
    string Name,
    int Cameras,
    double Seconds,
    double CpuSeconds,
    long RssBytes,
    IReadOnlyList<CameraJudgement> Judgements,
    long ContextSwitches = 0)
{
    public double CpuPerCameraSecond => CpuSeconds / (Cameras * Seconds);

    /// <summary>Voluntary + involuntary context switches per camera-second over the measured window.</summary>
    public double ContextSwitchesPerCameraSecond => ContextSwitches / (Cameras * Seconds);

    public double RssPerCamera => (double)RssBytes / Cameras;

    public long Frames => Judgements.Sum(j => j.Frames);

    public long Lost => Judgements.Sum(j => j.Lost);

    public int FailedSegments => Judgements.Sum(j => j.FailedSegments);

    public int CamerasWithoutFiles => Cameras - Judgements.Count(j => j.Segments > 0 && j.Frames > 0);

    /// <summary>No frame lost, every segment probed, every camera left files.</summary>
    public bool Clean => Lost == 0 && FailedSegments == 0 && CamerasWithoutFiles == 0;

    public IDictionary<string, string> Extra { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
}
