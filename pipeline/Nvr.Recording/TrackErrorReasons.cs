namespace Nvr.Recording;

/// <summary>Reasons reported with <see cref="TrackRecordingState.Error"/>.</summary>
public static class TrackErrorReasons
{
    /// <summary>ONVIF predefined reason: the encoding differs from what the track already holds.</summary>
    public const string IncompatibleStream = "Incompatible Stream";

    /// <summary>The source ended or failed; the text after the colon is the source's message.</summary>
    public const string SourceFailed = "Source failed";

    /// <summary>The reason for a source that failed with <paramref name="error"/>: "Source failed: message".</summary>
    public static string SourceFailedWith(Exception error) => $"{SourceFailed}: {error.Message}";

    /// <summary>Neither the SDP nor the stream carries a usable codec configuration (H.264/H.265 parameter sets, AAC config).</summary>
    public const string NoCodecConfiguration = "No codec configuration: neither the SDP nor the stream carries usable parameter sets";

    /// <summary>The storage refused a write.</summary>
    public const string StorageFailed = "Storage failed";
}
