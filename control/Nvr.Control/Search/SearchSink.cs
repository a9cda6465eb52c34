namespace Nvr.Control.Search;

/// <summary>Where a running search puts its matches; <see cref="Add"/> returns false once the search must stop.</summary>
public interface ISearchSink<in T>
{
    /// <summary>Adds a match; <paramref name="reached"/> is the point on the timeline the search has reached.</summary>
    bool Add(T item, DateTimeOffset? reached = null);
}
