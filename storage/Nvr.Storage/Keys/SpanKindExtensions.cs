namespace Nvr.Storage.Keys;

/// <summary>Extensions and content types that Annex B (B.6, B.7) assigns to each span kind.</summary>
public static class SpanKindExtensions
{
    /// <summary>The object key extension of segments of this span kind (<c>mp4</c>, <c>m4v</c>, <c>m4a</c>, <c>m4m</c>).</summary>
    public static string Extension(this SpanKind kind) => kind switch
    {
        SpanKind.Mp4 => "mp4",
        SpanKind.CmafVideo => "m4v",
        SpanKind.CmafAudio => "m4a",
        SpanKind.CmafMetadata => "m4m",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown span kind"),
    };

    /// <summary>The extension of the span end object (B.5): the span extension followed by <c>_end</c>.</summary>
    public static string SpanEndExtension(this SpanKind kind) => kind switch
    {
        SpanKind.Mp4 => "mp4_end",
        SpanKind.CmafVideo => "m4v_end",
        SpanKind.CmafAudio => "m4a_end",
        SpanKind.CmafMetadata => "m4m_end",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown span kind"),
    };

    /// <summary>The media type (without parameters) segment objects of this span kind are uploaded with.</summary>
    public static string MediaType(this SpanKind kind) => kind switch
    {
        SpanKind.Mp4 => "video/mp4",
        SpanKind.CmafVideo => "video/mp4",
        SpanKind.CmafAudio => "audio/mp4",
        SpanKind.CmafMetadata => "application/mp4",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown span kind"),
    };

    /// <summary>Maps a key extension (without <c>_end</c>) back to its span kind.</summary>
    public static bool TryParseExtension(ReadOnlySpan<char> extension, out SpanKind kind)
    {
        switch (extension)
        {
            case "mp4": kind = SpanKind.Mp4; return true;
            case "m4v": kind = SpanKind.CmafVideo; return true;
            case "m4a": kind = SpanKind.CmafAudio; return true;
            case "m4m": kind = SpanKind.CmafMetadata; return true;
            default: kind = default; return false;
        }
    }
}
