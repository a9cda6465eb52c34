namespace Nvr.Pipeline.Media;

/// <summary>The scalar fields of an <see cref="AccessUnit"/> being created (<paramref name="TimeSource"/>: where <paramref name="UtcTime"/> comes from).</summary>
public readonly record struct AccessUnitInfo(
    int StreamIndex,
    MediaKind Kind,
    MediaCodec Codec,
    int ClockRate,
    long RtpTimestamp,
    bool IsKeyframe,
    DateTime UtcTime,
    TimeSource TimeSource = TimeSource.Arrival);
