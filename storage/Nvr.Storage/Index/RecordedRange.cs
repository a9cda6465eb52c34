namespace Nvr.Storage.Index;

/// <summary>A contiguous recorded (or deleted) time range [Start, End) of one track.</summary>
/// <param name="Recording">Recording token.</param>
/// <param name="Track">Track token.</param>
/// <param name="Start">UTC start, inclusive.</param>
/// <param name="End">UTC end, exclusive.</param>
public sealed record RecordedRange(string Recording, string Track, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Merges ranges per (recording, track) where they touch or overlap; result ordered by track then start.</summary>
    public static IReadOnlyList<RecordedRange> Merge(IEnumerable<RecordedRange> ranges)
    {
        var merged = new List<RecordedRange>();
        foreach (var group in ranges.GroupBy(r => (r.Recording, r.Track)).OrderBy(g => g.Key.Recording, StringComparer.Ordinal).ThenBy(g => g.Key.Track, StringComparer.Ordinal))
        {
            RecordedRange? current = null;
            foreach (var range in group.OrderBy(r => r.Start))
            {
                if (current is not null && range.Start <= current.End)
                {
                    current = current with { End = range.End > current.End ? range.End : current.End };
                    continue;
                }

                if (current is not null)
                {
                    merged.Add(current);
                }

                current = range;
            }

            if (current is not null)
            {
                merged.Add(current);
            }
        }

        return merged;
    }
}
