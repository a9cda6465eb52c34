using System.Globalization;
using System.Xml;

namespace Nvr.Storage.Sinks;

/// <summary>
/// The optional object attributes of Annex B.9 (Table B.1). Null members are not stored.
/// <see cref="Duration"/> must stay null when the duration may still change while the object is
/// written (for example under an OverrideSegmentDuration); sinks that store attributes at completion
/// accept the final duration in <see cref="ISegmentWriter.CompleteAsync"/>.
/// </summary>
public sealed record SegmentAttributes
{
    /// <summary>Format version, <c>1.0</c>.</summary>
    public string Version { get; init; } = "1.0";

    /// <summary>Identifier of the physical device (camera) the media comes from.</summary>
    public string? Source { get; init; }

    /// <summary>Topic of the event that triggered the recording job.</summary>
    public string? EventTopic { get; init; }

    /// <summary>Duration of the segment (written as an ISO 8601 duration).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Combined content type of all media of the recording (video/mp4 with codecs).</summary>
    public string? FullContentType { get; init; }

    /// <summary>Video channel identifier.</summary>
    public string? VideoChannel { get; init; }

    /// <summary>Video bitrate in kbit/s.</summary>
    public int? VideoBitrate { get; init; }

    /// <summary>Video width in pixels.</summary>
    public int? VideoWidth { get; init; }

    /// <summary>Video height in pixels.</summary>
    public int? VideoHeight { get; init; }

    /// <summary>Average frame rate in frames per second.</summary>
    public double? VideoFramerate { get; init; }

    /// <summary>Audio channel identifier.</summary>
    public string? AudioChannel { get; init; }

    /// <summary>Audio bitrate in kbit/s.</summary>
    public int? AudioBitrate { get; init; }

    /// <summary>Audio sample rate in kHz.</summary>
    public int? AudioSampleRate { get; init; }

    /// <summary>The attributes as (Table B.1 key, text value) pairs, in table order, null members left out.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToPairs()
    {
        var inv = CultureInfo.InvariantCulture;
        var pairs = new List<KeyValuePair<string, string>>(13);
        Add(pairs, "Version", Version);
        Add(pairs, "Source", Source);
        Add(pairs, "EventTopic", EventTopic);
        Add(pairs, "Duration", Duration is { } d ? XmlConvert.ToString(d) : null);
        Add(pairs, "FullContentType", FullContentType);
        Add(pairs, "VideoChannel", VideoChannel);
        Add(pairs, "VideoBitrate", VideoBitrate?.ToString(inv));
        Add(pairs, "VideoWidth", VideoWidth?.ToString(inv));
        Add(pairs, "VideoHeight", VideoHeight?.ToString(inv));
        Add(pairs, "VideoFramerate", VideoFramerate?.ToString("0.###", inv));
        Add(pairs, "AudioChannel", AudioChannel);
        Add(pairs, "AudioBitrate", AudioBitrate?.ToString(inv));
        Add(pairs, "AudioSampleRate", AudioSampleRate?.ToString(inv));
        return pairs;
    }

    private static void Add(List<KeyValuePair<string, string>> pairs, string key, string? value)
    {
        if (value is not null)
        {
            pairs.Add(new KeyValuePair<string, string>(key, value));
        }
    }
}
