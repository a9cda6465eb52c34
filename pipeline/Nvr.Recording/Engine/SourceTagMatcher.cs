using System.Globalization;
using Nvr.Pipeline.Media;

namespace Nvr.Recording.Engine;

/// <summary>
/// Finds the stream of a source that a job track's SourceTag names: "video", "audio", "metadata" (first of that
/// kind), "video2" (second…), the stream's SDP control attribute (e.g. "trackID=1") or its index as a number.
/// </summary>
public static class SourceTagMatcher
{
    public static int? Match(string sourceTag, IReadOnlyList<StreamDescription> streams)
    {
        var tag = sourceTag.Trim();
        foreach (var kind in new[] { MediaKind.Video, MediaKind.Audio, MediaKind.Metadata })
        {
            var name = kind.ToString().ToLowerInvariant();
            if (!tag.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = tag[name.Length..];
            var ordinal = rest.Length == 0 ? 1 : int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            if (ordinal < 1)
            {
                break;
            }

            foreach (var stream in streams)
            {
                if (stream.Kind == kind && --ordinal == 0)
                {
                    return stream.Index;
                }
            }

            return null;
        }

        foreach (var stream in streams)
        {
            if (string.Equals(stream.Control, tag, StringComparison.Ordinal) ||
                (stream.ControlUri is { } uri && uri.AbsoluteUri.EndsWith("/" + tag, StringComparison.Ordinal)))
            {
                return stream.Index;
            }
        }

        return int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && streams.Any(s => s.Index == index) ? index : null;
    }
}
