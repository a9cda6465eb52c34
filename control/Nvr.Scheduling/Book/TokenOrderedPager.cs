namespace Nvr.Scheduling.Book;

/// <summary>Pages through a token-ordered list; the reference carries the last token of the previous page.</summary>
internal static class TokenOrderedPager
{
    public static Page<TOut> PageOf<T, TOut>(
        SortedList<string, T> items, StartReferenceCodec references, byte kind, int pageSize, string? startReference, Func<T, TOut> project)
    {
        var first = 0;
        if (!string.IsNullOrEmpty(startReference))
        {
            first = FirstIndexAfter(items.Keys, references.Decode(kind, startReference));
        }

        var count = Math.Min(pageSize, items.Count - first);
        var page = new TOut[count];
        for (var i = 0; i < count; i++)
        {
            page[i] = project(items.Values[first + i]);
        }

        var next = first + count < items.Count ? references.Encode(kind, items.Keys[first + count - 1]) : null;
        return new Page<TOut>(page, next);
    }

    private static int FirstIndexAfter(IList<string> sortedKeys, string lastToken)
    {
        int lo = 0, hi = sortedKeys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(sortedKeys[mid], lastToken) <= 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
