namespace Nvr.Control.Recordings;

/// <summary>
/// The limits the recording control plane enforces and advertises (GetServiceCapabilities, GetRecordingOptions).
/// <see cref="StorageTokens"/> are the storage configurations a recording Target may name. The appliance reads the
/// counts from its config file and command line (<c>--max-recordings</c> …); the defaults are what one 2-core box is
/// meant to record (1,000 cameras, see docs/benchmarks.md).
/// </summary>
public sealed record ControlLimits
{
    public int MaxRecordings { get; init; } = 1000;
    public int MaxRecordingJobs { get; init; } = 1000;
    public int MaxJobsPerRecording { get; init; } = 8;
    public int MaxReceivers { get; init; } = 1000;
    public int MaxTracksPerRecording { get; init; } = 8;
    public int MaxVideoTracks { get; init; } = 3;
    public int MaxAudioTracks { get; init; } = 3;
    public int MaxMetadataTracks { get; init; } = 2;
    public int EncryptionEntryLimit { get; init; } = 4;
    public int MaxDescriptionLength { get; init; } = 1024;
    public IReadOnlySet<string> StorageTokens { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "local" };
    public IReadOnlySet<string> TargetFormats { get; init; } = new HashSet<string>(StringComparer.Ordinal) { Model.TargetFormats.Mp4, Model.TargetFormats.Cmaf };
    public IReadOnlySet<string> EncryptionModes { get; init; } = new HashSet<string>(StringComparer.Ordinal) { Model.EncryptionModes.Cenc, Model.EncryptionModes.Cbcs };

    /// <summary>Longest EventFilter Before (seed 5.3.4, capability BeforeEventLimit): media held in the pre-event ring.</summary>
    public TimeSpan BeforeEventLimit { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest EventFilter After (capability AfterEventLimit).</summary>
    public TimeSpan AfterEventLimit { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest override of 5.24 ("shall not exceed 1 hour").</summary>
    public TimeSpan MaxOverride { get; init; } = TimeSpan.FromHours(1);

    public static ControlLimits Default { get; } = new();
}
