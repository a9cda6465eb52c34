using Nvr.Codecs.Cenc.Config;

namespace Nvr.Recording;

/// <summary>
/// Where and how one recording is written (the data-path view of a recording configuration's Target).
/// </summary>
public sealed record RecordingTarget
{
    /// <summary>MP4 (one span, all tracks) or CMAF (one span per track type).</summary>
    public RecordingFormat Format { get; init; } = RecordingFormat.Mp4;

    /// <summary>Key prefix (B.4), null or empty for none.</summary>
    public string? Prefix { get; init; }

    /// <summary>Key postfix (B.4), null or empty for none.</summary>
    public string? Postfix { get; init; }

    /// <summary>Segments roll at the first key frame at or after this duration (B.3).</summary>
    public TimeSpan SegmentDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Spans are closed and reopened when they reach this duration (B.2); null = unlimited.</summary>
    public TimeSpan? SpanDuration { get; init; }

    /// <summary>Fragment (recovery point) duration inside a segment.</summary>
    public TimeSpan FragmentDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Encryption entries (B.8); empty = clear.</summary>
    public IReadOnlyList<EncryptionEntry> Encryption { get; init; } = [];

    /// <summary>B.9 <c>Source</c> attribute: identifier of the physical device, or null.</summary>
    public string? Source { get; init; }

    /// <summary>B.9 <c>EventTopic</c> attribute for event-triggered recording, or null.</summary>
    public string? EventTopic { get; init; }
}
