namespace Nvr.Control.Search;

/// <summary>
/// One search session (owned by <see cref="SearchSessions"/>, which holds its lock): the matches found so far, how
/// many were handed out, whether the search finished, its keep-alive timer and the signal blocking result requests
/// wait on. <typeparamref name="T"/> is the result type of its Find operation.
/// </summary>
internal sealed class SearchSession<T> : SearchSessionBase, ISearchSink<T>
{
    private readonly List<T> _results = [];

    public SearchSession(SearchSessions owner, string token, TimeSpan keepAlive, int maxMatches, DateTimeOffset? startPoint, DateTimeOffset? endPoint)
        : base(owner, token, keepAlive, maxMatches, startPoint, endPoint)
    {
    }

    public int Available => _results.Count - Delivered;

    public bool Add(T item, DateTimeOffset? reached = null)
    {
        lock (Owner.Gate)
        {
            if (Ended || Finished || _results.Count >= MaxMatches)
            {
                return false;
            }

            _results.Add(item);
            Reached = reached ?? Reached;
            if (_results.Count >= MaxMatches)
            {
                Finished = true;
            }

            Pulse();
            return !Finished;
        }
    }

    /// <summary>Takes up to <paramref name="max"/> undelivered results (caller holds the lock).</summary>
    public List<T> Take(int max)
    {
        var count = Math.Min(max, Available);
        var taken = _results.GetRange(Delivered, count);
        Delivered += count;
        return taken;
    }

    public bool AllDelivered => Finished && Delivered == _results.Count;
}

/// <summary>The part of a session independent of its result type.</summary>
internal abstract class SearchSessionBase
{
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected SearchSessionBase(SearchSessions owner, string token, TimeSpan keepAlive, int maxMatches, DateTimeOffset? startPoint, DateTimeOffset? endPoint)
    {
        Owner = owner;
        Token = token;
        KeepAlive = keepAlive;
        MaxMatches = maxMatches;
        StartPoint = startPoint;
        EndPoint = endPoint;
    }

    public SearchSessions Owner { get; }

    public string Token { get; }

    public TimeSpan KeepAlive { get; }

    public int MaxMatches { get; }

    public DateTimeOffset? StartPoint { get; }

    public DateTimeOffset? EndPoint { get; }

    public DateTimeOffset? Reached { get; protected set; }

    public int Delivered { get; protected set; }

    /// <summary>The search itself is over (range searched, MaxMatches reached, or failed).</summary>
    public bool Finished { get; set; }

    /// <summary>The session is gone (EndSearch, expired, or its last results were delivered).</summary>
    public bool Ended { get; set; }

    public int Waiters { get; set; }

    public long ExpiresAt { get; set; } // monotonic timestamp (TimeProvider.GetTimestamp): a wall clock step does not move it

    public CancellationTokenSource Cancellation { get; } = new();

    public ITimer? Timer { get; set; }

    /// <summary>Completes when the session next changes (caller holds the lock).</summary>
    public Task Changed => _changed.Task;

    /// <summary>Wakes every waiting result request (caller holds the lock).</summary>
    public void Pulse()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    /// <summary>The point EndSearch returns: the EndPoint when finished, else where it got to, else the StartPoint.</summary>
    public DateTimeOffset EndSearchPoint(DateTimeOffset now) =>
        Finished ? EndPoint ?? Reached ?? StartPoint ?? now : Reached ?? StartPoint ?? now;
}
