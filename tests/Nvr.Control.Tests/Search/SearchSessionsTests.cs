using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Nvr.Control.Search;

namespace Nvr.Control.Tests.Search;

/// <summary>
/// The search session semantics of the Recording Search spec on virtual time: only new results, MaxResults paging,
/// blocking until MinResults / WaitTime / completion, EndSearch (end point, token invalid afterwards, blocked
/// requests released), KeepAliveTime expiry, MaxMatches and the bound on concurrent sessions.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SearchSessionsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly SearchSessions _sessions;

    public SearchSessionsTests() => _sessions = new SearchSessions(_time, new SearchLimits { MaxSessions = 2 });

    public void Dispose() => _sessions.Dispose();

    [Fact]
    public async Task Results_are_paged_by_MaxResults_never_repeated_and_the_token_ends_with_the_Completed_page()
    {
        var token = _sessions.Start<int>(TimeSpan.FromSeconds(10), null, Produce(1, 2, 3, 4, 5))!;

        var pages = new List<SearchResults<int>>();
        for (var i = 0; i < 3; i++)
        {
            pages.Add((await _sessions.GetResultsAsync<int>(token, 5, 2, TimeSpan.FromSeconds(5)).WaitAsync(Patience))!);
        }

        Assert.Equal([1, 2, 3, 4, 5], pages.SelectMany(p => p.Items));
        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal([SearchState.Searching, SearchState.Searching, SearchState.Completed], pages.Select(p => p.State));
        Assert.Null(await _sessions.GetResultsAsync<int>(token, null, null, TimeSpan.Zero));
        Assert.Null(_sessions.End(token));
    }

    [Fact]
    public async Task A_result_request_blocks_until_MinResults_are_available()
    {
        var feed = Channel.CreateUnbounded<int>();
        var token = _sessions.Start<int>(TimeSpan.FromSeconds(30), null, FromChannel(feed))!;

        var pending = _sessions.GetResultsAsync<int>(token, 3, 10, TimeSpan.FromSeconds(20));
        await feed.Writer.WriteAsync(1);
        await feed.Writer.WriteAsync(2);
        Assert.Equal(SearchState.Searching, _sessions.GetState(token));
        Assert.False(pending.IsCompleted); // fewer than MinResults can be there, and no virtual time passed

        await feed.Writer.WriteAsync(3);
        var results = (await pending.WaitAsync(Patience))!;
        Assert.Equal([1, 2, 3], results.Items);
        Assert.Equal(SearchState.Searching, results.State);

        feed.Writer.Complete();
        var last = (await _sessions.GetResultsAsync<int>(token, 1, null, TimeSpan.FromSeconds(20)).WaitAsync(Patience))!;
        Assert.Empty(last.Items);
        Assert.Equal(SearchState.Completed, last.State);
    }

    [Fact]
    public async Task A_result_request_returns_after_WaitTime_with_what_is_there()
    {
        var feed = Channel.CreateUnbounded<int>();
        var token = _sessions.Start<int>(TimeSpan.FromSeconds(30), null, FromChannel(feed))!;

        var pending = _sessions.GetResultsAsync<int>(token, 5, null, TimeSpan.FromSeconds(4));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.False(pending.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));

        var results = (await pending.WaitAsync(Patience))!;
        Assert.Empty(results.Items);
        Assert.Equal(SearchState.Searching, results.State);
    }

    [Fact]
    public async Task EndSearch_releases_a_blocked_request_returns_the_point_reached_and_invalidates_the_token()
    {
        var feed = Channel.CreateUnbounded<int>();
        var start = T0.AddHours(-2);
        var end = T0.AddHours(-1);
        var token = _sessions.Start<int>(TimeSpan.FromSeconds(30), null, FromChannel(feed, i => start.AddMinutes(i)), start, end)!;
        await feed.Writer.WriteAsync(5);
        Assert.Equal([5], (await _sessions.GetResultsAsync<int>(token, 1, null, TimeSpan.FromSeconds(20)).WaitAsync(Patience))!.Items);
        var pending = _sessions.GetResultsAsync<int>(token, 10, null, TimeSpan.FromSeconds(20));
        Assert.False(pending.IsCompleted);

        Assert.Equal(start.AddMinutes(5), _sessions.End(token));
        var released = (await pending.WaitAsync(Patience))!;
        Assert.Equal(SearchState.Completed, released.State);
        Assert.Null(_sessions.End(token));
        Assert.Null(_sessions.GetState(token));

        // a search not begun ends at its StartPoint; a finished one at its EndPoint
        var idle = _sessions.Start<int>(TimeSpan.FromSeconds(30), null, FromChannel(Channel.CreateUnbounded<int>()), start, end)!;
        Assert.Equal(start, _sessions.End(idle));
        var done = _sessions.Start<int>(TimeSpan.FromSeconds(30), null, Produce(1), start, end)!;
        await WaitUntilAsync(() => _sessions.GetState(done) == SearchState.Completed);
        Assert.Equal(end, _sessions.End(done));
        Assert.NotEqual(token, done);
    }

    [Fact]
    public async Task A_session_expires_KeepAliveTime_after_the_last_request_naming_it()
    {
        var token = _sessions.Start<int>(TimeSpan.FromSeconds(10), null, FromChannel(Channel.CreateUnbounded<int>()))!;
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(SearchState.Searching, _sessions.GetState(token)); // touched: 10 s from now
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.NotNull(await _sessions.GetResultsAsync<int>(token, null, 1, TimeSpan.Zero));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(_sessions.GetState(token));
        Assert.Equal(0, _sessions.Count);
    }

    [Fact]
    public async Task MaxMatches_ends_the_search_and_concurrent_sessions_are_bounded()
    {
        var token = _sessions.Start<int>(TimeSpan.FromSeconds(10), 3, Produce(Enumerable.Range(1, 10).ToArray()))!;
        var results = (await _sessions.GetResultsAsync<int>(token, null, null, TimeSpan.FromSeconds(5)).WaitAsync(Patience))!;
        Assert.Equal([1, 2, 3], results.Items);
        Assert.Equal(SearchState.Completed, results.State);

        var first = _sessions.Start<int>(TimeSpan.FromSeconds(10), null, FromChannel(Channel.CreateUnbounded<int>()));
        var second = _sessions.Start<int>(TimeSpan.FromSeconds(10), null, FromChannel(Channel.CreateUnbounded<int>()));
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(_sessions.Start<int>(TimeSpan.FromSeconds(10), null, Produce(1)));
        _sessions.End(first!);
        Assert.NotNull(_sessions.Start<int>(TimeSpan.FromSeconds(10), null, Produce(1)));
    }

    [Fact]
    public async Task A_token_of_one_kind_of_search_is_not_a_token_of_another()
    {
        var token = _sessions.Start<int>(TimeSpan.FromSeconds(10), null, Produce(1))!;
        Assert.Null(await _sessions.GetResultsAsync<string>(token, null, null, TimeSpan.Zero));
        Assert.NotNull(await _sessions.GetResultsAsync<int>(token, null, null, TimeSpan.FromSeconds(1)).WaitAsync(Patience));
    }

    private static Func<ISearchSink<int>, CancellationToken, Task> Produce(params int[] items) => (sink, _) =>
    {
        foreach (var item in items)
        {
            if (!sink.Add(item))
            {
                break;
            }
        }

        return Task.CompletedTask;
    };

    private static Func<ISearchSink<int>, CancellationToken, Task> FromChannel(Channel<int> feed, Func<int, DateTimeOffset>? reached = null) => async (sink, stop) =>
    {
        await foreach (var item in feed.Reader.ReadAllAsync(stop))
        {
            if (!sink.Add(item, reached?.Invoke(item)))
            {
                break;
            }
        }
    };

    /// <summary>Polls a condition fed by the producer's own thread (real time, with a deadline).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached");
            await Task.Delay(10);
        }
    }
}
