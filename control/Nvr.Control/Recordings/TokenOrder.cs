namespace Nvr.Control.Recordings;

/// <summary>Orders generated tokens by creation: shorter first, then ordinal (REC9999 before REC10000).</summary>
public sealed class TokenOrder : IComparer<string>
{
    public static TokenOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return string.CompareOrdinal(x, y);
        }

        var byLength = x.Length.CompareTo(y.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(x, y);
    }
}
