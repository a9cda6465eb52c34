namespace Nvr.Pipeline.Media;

/// <summary>The scalar fields of an <see cref="AccessUnit"/> being created.</summary>
public readonly record struct AccessUnitInfo(
    int StreamIndex,
    MediaKind Kind,
    MediaCodec Codec,
    int ClockRate,
    long RtpTimestamp,
    bool IsKeyframe,
    DateTime UtcTime);
