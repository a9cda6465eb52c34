using Microsoft.Extensions.Logging;
using Nvr.Pipeline.Ingest;
using Nvr.Storage.Configuration;
using Nvr.Storage.Retention;

namespace Nvr.Recording.Engine;

/// <summary>What the recording engine needs besides the plans: storages, the spool, the clock, reconnect policy.</summary>
public sealed record EngineSettings(StorageCatalog Storages, string SpoolRoot)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Ends of the spans the engine's recordings closed (shared by their runners).</summary>
    public SpanEndBook SpanEnds { get; init; } = new();

    public ILoggerFactory? Logging { get; init; }

    public BackoffPolicy Reconnect { get; init; } = BackoffPolicy.Default;

    /// <summary>The live relay every connected source publishes its channel to (viewers tap it); null: no live relay.</summary>
    public Nvr.Recording.Live.LiveRelay? Live { get; init; }

    /// <summary>Shared read tick of every source's RTSP ingest (see <see cref="Nvr.Pipeline.Ingest.ReadPacer"/>); null: read as data arrives.</summary>
    public ReadPacer? ReadPacer { get; init; }

    /// <summary>Credentials for receivers whose URI carries none (the ONVIF remote user), read at every connect.</summary>
    public Func<Nvr.Pipeline.Rtsp.RtspCredentials?>? DefaultCredentials { get; init; }

    /// <summary>Spool capacity, upload backoff, per-attempt timeout of S3 storages.</summary>
    public Nvr.Storage.Spool.SpoolOptions Spool { get; init; } = new();

    /// <summary>Storage used by recordings without a Target (seed 5.3.1 Target is optional): the first configured.</summary>
    public string? DefaultStorage { get; init; }

    /// <summary>SQLite file of the recorded-range index; null: no index, no retention (unless <see cref="Index"/> is set).</summary>
    public string? IndexPath { get; init; }

    /// <summary>Where the recorded-range index lives (SQLite file or PostgreSQL); wins over <see cref="IndexPath"/>.</summary>
    public Nvr.Storage.Index.IndexLocation? Index { get; init; }

    /// <summary><see cref="Index"/>, else <see cref="IndexPath"/>'s SQLite file, else null (no index).</summary>
    public Nvr.Storage.Index.IndexLocation? EffectiveIndex => Index ?? (IndexPath is null ? null : Nvr.Storage.Index.IndexLocation.Sqlite(IndexPath));

    /// <summary>How often MaximumRetentionTime is enforced.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Free-space watermark of local storages: on each retention tick, while the file system of a local storage has
    /// fewer bytes available, its oldest segments are deleted (all recordings). 0 or less: no watermark.
    /// </summary>
    public long MinimumFreeBytes { get; init; }

    /// <summary>Measures free space for <see cref="MinimumFreeBytes"/> (tests inject a fake).</summary>
    public IFreeSpaceProbe FreeSpace { get; init; } = new DriveFreeSpaceProbe();

    /// <summary>Read rate limit of exports in bytes per second (0: unlimited).</summary>
    public long ExportBytesPerSecond { get; init; }

    /// <summary>Where running recordings and spools show their counters (the metrics endpoint reads it); null: nowhere.</summary>
    public RunnerTelemetry? Telemetry { get; init; }

    /// <summary>
    /// Cluster mode: the node's writer lease (docs/cluster.md, "Writer lease"). While it is not held no recording
    /// connects a camera, and no segment, fragment, span end or camera event row is written. Null (a single node): always.
    /// </summary>
    public Nvr.Pipeline.Ingest.WriterLease? Lease { get; init; }

    /// <summary>Segment duration of recordings without a Target.</summary>
    public TimeSpan DefaultSegmentDuration { get; init; } = TimeSpan.FromSeconds(60);
}
