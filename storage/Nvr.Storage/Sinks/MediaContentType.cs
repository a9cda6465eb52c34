namespace Nvr.Storage.Sinks;

/// <summary>Builds content types with the RFC 6381 <c>codecs</c> parameter.</summary>
public static class MediaContentType
{
    /// <summary>
    /// <c>video/mp4; codecs="avc1.64001f,mp4a.40.2"</c> from <paramref name="mediaType"/> and the
    /// comma-separated RFC 6381 codec list (no parameter when <paramref name="codecs"/> is null or empty).
    /// </summary>
    public static string WithCodecs(string mediaType, string? codecs)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        if (string.IsNullOrWhiteSpace(codecs))
        {
            return mediaType;
        }

        if (codecs.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException("the codecs list must not contain quotes", nameof(codecs));
        }

        return $"{mediaType}; codecs=\"{codecs}\"";
    }
}
