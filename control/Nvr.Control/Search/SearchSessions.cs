using System.Security.Cryptography;

namespace Nvr.Control.Search;

/// <summary>
/// The one owner of the search sessions of the Search service: starts a search (its producer runs off the caller's
/// thread and feeds the session), hands out only new results to blocking result requests (until MinResults or
/// MaxResults are available, WaitTime passes, or the search completes or ends), ends sessions on EndSearch, when a
/// result request delivered the last results (state Completed), or when no request named them for their
/// KeepAliveTime (on <see cref="TimeProvider"/>, so tests run it on virtual time). At most
/// <see cref="SearchLimits.MaxSessions"/> sessions run at once. Tokens carry a per-process prefix and a counter:
/// never reused.
/// </summary>
public sealed class SearchSessions : IDisposable
{
    private readonly Dictionary<string, SearchSessionBase> _sessions = new(StringComparer.Ordinal);
    private readonly string _prefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
    private long _next;

    public SearchSessions(TimeProvider time, SearchLimits? limits = null)
    {
        Time = time;
        Limits = limits ?? SearchLimits.Default;
    }

    public TimeProvider Time { get; }

    public SearchLimits Limits { get; }

    internal object Gate { get; } = new();

    /// <summary>Sessions open now.</summary>
    public int Count
    {
        get
        {
            lock (Gate)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>
    /// Starts a search session running <paramref name="producer"/>; its token, or null when
    /// <see cref="SearchLimits.MaxSessions"/> sessions exist already. <paramref name="keepAlive"/> and
    /// <paramref name="maxMatches"/> are adapted to the limits.
    /// </summary>
    public string? Start<T>(
        TimeSpan keepAlive, int? maxMatches, Func<ISearchSink<T>, CancellationToken, Task> producer,
        DateTimeOffset? startPoint = null, DateTimeOffset? endPoint = null)
    {
        var alive = keepAlive > Limits.MaxKeepAlive ? Limits.MaxKeepAlive : keepAlive <= TimeSpan.Zero ? TimeSpan.FromSeconds(1) : keepAlive;
        var matches = maxMatches is > 0 && maxMatches < Limits.MaxMatches ? maxMatches.Value : Limits.MaxMatches;
        SearchSession<T> session;
        lock (Gate)
        {
            if (_sessions.Count >= Limits.MaxSessions)
            {
                return null;
            }

            var token = $"search-{_prefix}-{++_next}";
            session = new SearchSession<T>(this, token, alive, matches, startPoint, endPoint);
            _sessions.Add(token, session);
            session.Timer = Time.CreateTimer(static state => ((SearchSessionBase)state!).Owner.OnTimer((SearchSessionBase)state), session, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Touch(session);
        }

        _ = Task.Run(() => RunAsync(session, producer));
        return session.Token;
    }

    /// <summary>
    /// The next results of a session whose results are of type <typeparamref name="T"/>, blocking as
    /// GetXxxSearchResults does; null when the token names no such session.
    /// </summary>
    public async Task<SearchResults<T>?> GetResultsAsync<T>(string token, int? minResults, int? maxResults, TimeSpan? waitTime, CancellationToken cancellationToken = default)
    {
        var max = maxResults is > 0 ? maxResults.Value : int.MaxValue;
        var min = minResults is > 0 ? Math.Min(minResults.Value, max) : (int?)null;
        var wait = waitTime is { } w && w < Limits.MaxWaitTime ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : Limits.MaxWaitTime;
        SearchSession<T> session;
        lock (Gate)
        {
            if (!_sessions.TryGetValue(token, out var found) || found is not SearchSession<T> typed)
            {
                return null;
            }

            session = typed;
            session.Waiters++;
            Touch(session);
        }

        var started = Time.GetTimestamp(); // monotonic: a wall clock step neither ends nor stretches the wait
        try
        {
            while (true)
            {
                Task changed;
                lock (Gate)
                {
                    var available = session.Available;
                    if (session.Ended || session.Finished || available >= max || (min is { } least && available >= least))
                    {
                        break;
                    }

                    changed = session.Changed;
                }

                var remaining = wait - Time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(remaining, Time, stop.Token);
                await Task.WhenAny(changed, delay).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            lock (Gate)
            {
                session.Waiters--;
            }
        }

        lock (Gate)
        {
            var items = session.Take(max);
            var completed = session.Ended || session.AllDelivered;
            if (completed)
            {
                Remove(session); // the last results were delivered: the session is over (token invalid from now on)
            }
            else
            {
                Touch(session);
            }

            return new SearchResults<T>(items, completed ? SearchState.Completed : SearchState.Searching);
        }
    }

    /// <summary>The state of a session (GetSearchState), null for an unknown token.</summary>
    public SearchState? GetState(string token)
    {
        lock (Gate)
        {
            if (!_sessions.TryGetValue(token, out var session))
            {
                return null;
            }

            Touch(session);
            return session.Finished ? SearchState.Completed : SearchState.Searching;
        }
    }

    /// <summary>Ends a session (EndSearch): the point the search had reached; null for an unknown token.</summary>
    public DateTimeOffset? End(string token)
    {
        lock (Gate)
        {
            if (!_sessions.TryGetValue(token, out var session))
            {
                return null;
            }

            var point = session.EndSearchPoint(Time.GetUtcNow());
            Remove(session);
            return point;
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            foreach (var session in _sessions.Values.ToList())
            {
                Remove(session);
            }
        }
    }

    private async Task RunAsync<T>(SearchSession<T> session, Func<ISearchSink<T>, CancellationToken, Task> producer)
    {
        try
        {
            await producer(session, session.Cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A failed or cancelled search ends with what it found (the session reports Completed).
        }
        finally
        {
            lock (Gate)
            {
                session.Finished = true;
                session.Pulse();
            }
        }
    }

    private void Touch(SearchSessionBase session)
    {
        session.ExpiresAt = Time.GetTimestamp() + (long)Math.Min(session.KeepAlive.TotalSeconds * Time.TimestampFrequency, long.MaxValue / 4);
        session.Timer?.Change(session.KeepAlive, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer(SearchSessionBase session)
    {
        lock (Gate)
        {
            if (session.Ended)
            {
                return;
            }

            var now = Time.GetTimestamp();
            if (session.Waiters > 0 || now < session.ExpiresAt)
            {
                // a request is using it, or it was touched since the timer was armed: keep it alive from now
                var remaining = session.Waiters > 0 ? session.KeepAlive : Time.GetElapsedTime(now, session.ExpiresAt);
                session.Timer?.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }

            Remove(session);
        }
    }

    private void Remove(SearchSessionBase session)
    {
        session.Ended = true;
        _sessions.Remove(session.Token);
        session.Timer?.Dispose();
        session.Cancellation.Cancel();
        session.Pulse();
    }
}
