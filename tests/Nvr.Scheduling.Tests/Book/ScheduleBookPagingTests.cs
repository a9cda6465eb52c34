using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Nvr.Scheduling.Book;
using Nvr.Scheduling.Faults;
using Nvr.Scheduling.Model;
using static Nvr.Scheduling.Tests.Book.BookTestData;

namespace Nvr.Scheduling.Tests.Book;

/// <summary>Get*List paging (5.2.4, 5.2.6, 5.3.4, 5.3.6) and persistence of the book.</summary>
[Trait("Category", "Unit")]
public sealed class ScheduleBookPagingTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
    private readonly ScheduleBook _book;

    public ScheduleBookPagingTests()
    {
        _book = new ScheduleBook(new ScheduleServiceCapabilities { MaxLimit = 50, MaxSpecialDayGroups = 300 }, _time);
        for (var i = 0; i < 250; i++)
        {
            _book.Set(Schedule($"s{i:000}"));
            _book.Set(Group($"g{i:000}"));
        }
    }

    private static List<List<T>> AllPages<T>(Func<string?, Page<T>> fetch)
    {
        var pages = new List<List<T>>();
        string? reference = null;
        do
        {
            var page = fetch(reference);
            pages.Add([.. page.Items]);
            reference = page.NextStartReference;
            Assert.True(pages.Count <= 1000, "paging does not terminate");
        }
        while (reference is not null);
        return pages;
    }

    [Fact]
    public void Paging_through_250_schedules_with_limit_7_returns_each_exactly_once()
    {
        var pages = AllPages(r => _book.GetScheduleList(7, r));
        Assert.Equal(36, pages.Count);
        Assert.All(pages, p => Assert.InRange(p.Count, 1, 7));
        var tokens = pages.SelectMany(p => p).Select(s => s.Token).ToList();
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"s{i:000}"), tokens);

        var infos = AllPages(r => _book.GetScheduleInfoList(7, r)).SelectMany(p => p).Select(s => s.Token);
        Assert.Equal(tokens, infos);
    }

    [Fact]
    public void Paging_through_250_special_day_groups_with_limit_7_returns_each_exactly_once()
    {
        var groups = AllPages(r => _book.GetSpecialDayGroupList(7, r)).SelectMany(p => p).Select(g => g.Token).ToList();
        var infos = AllPages(r => _book.GetSpecialDayGroupInfoList(7, r)).SelectMany(p => p).Select(g => g.Token).ToList();
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"g{i:000}"), groups);
        Assert.Equal(groups, infos);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(10_000)]
    public void Missing_or_out_of_range_limit_uses_MaxLimit(int? limit)
    {
        var page = _book.GetScheduleList(limit, null);
        Assert.Equal(50, page.Items.Count);
        Assert.NotNull(page.NextStartReference);
    }

    [Fact]
    public void Paging_continues_correctly_when_items_are_deleted_between_pages()
    {
        var first = _book.GetScheduleList(7, null);
        _book.Apply(_book.DecideDeleteSchedule("s007"));
        var second = _book.GetScheduleList(7, first.NextStartReference);
        Assert.Equal("s008", second.Items[0].Token);
    }

    [Fact]
    public void Forged_foreign_cross_list_and_expired_references_are_InvalidStartReference()
    {
        var reference = _book.GetScheduleList(7, null).NextStartReference!;
        var forged = string.Concat(reference.AsSpan(0, 5), reference[5] == 'A' ? "B" : "A", reference.AsSpan(6));
        var foreign = new ScheduleBook(new ScheduleServiceCapabilities(), _time);
        foreign.Set(Schedule("s000"));
        foreign.Set(Schedule("s001"));
        var foreignReference = foreign.GetScheduleList(1, null).NextStartReference!;
        var groupReference = _book.GetSpecialDayGroupList(7, null).NextStartReference!;

        foreach (var bad in new[] { forged, "garbage!", "", foreignReference, groupReference })
        {
            if (bad.Length == 0)
            {
                continue;
            }

            var fault = Assert.Throws<ScheduleFaultException>(() => _book.GetScheduleList(7, bad));
            Assert.Equal(ScheduleFault.InvalidStartReference, fault.Fault);
        }

        Assert.Equal(7, _book.GetScheduleList(7, reference).Items.Count);
        _time.Advance(TimeSpan.FromMinutes(11));
        var expired = Assert.Throws<ScheduleFaultException>(() => _book.GetScheduleList(7, reference));
        Assert.Equal(ScheduleFault.InvalidStartReference, expired.Fault);
    }

    [Fact]
    public void Snapshot_survives_json_round_trip_with_identical_tokens_and_allocation_continues()
    {
        var book = new ScheduleBook(new ScheduleServiceCapabilities(), _time);
        var group = book.Create(Group());
        var created = book.Create(Schedule("", Override(group, new TimePeriod(new TimeOnly(7, 0), new TimeOnly(13, 0)), new TimePeriod(new TimeOnly(20, 0)))));

        var json = JsonSerializer.Serialize(book.ToSnapshot());
        var restored = ScheduleBook.FromSnapshot(JsonSerializer.Deserialize<ScheduleBookSnapshot>(json)!, new ScheduleServiceCapabilities(), _time);

        Assert.True(restored.TryGetSchedule(created, out var schedule));
        Assert.True(book.TryGetSchedule(created, out var original));
        Assert.Equal(original.Standard, schedule.Standard);
        Assert.Equal(original.SpecialDays.Single().TimeRange, schedule.SpecialDays.Single().TimeRange);
        Assert.Equal(group, schedule.SpecialDays.Single().GroupToken);
        Assert.NotEqual(created, restored.Create(Schedule()));
        Assert.NotEqual(group, restored.Create(Group()));
        Assert.Equal(2, restored.CompileSchedule(created).SpecialDays.Single().TimeRange.Count);
    }

    [Fact]
    public void Replaying_changes_rebuilds_the_same_book()
    {
        var book = new ScheduleBook(new ScheduleServiceCapabilities(), _time);
        var journal = new List<ScheduleBookChange>();
        void Do(ScheduleBookChange c)
        {
            journal.Add(c);
            book.Apply(c);
        }

        Do(book.DecideCreateSpecialDayGroup(Group()));
        Do(book.DecideCreateSchedule(Schedule()));
        Do(book.DecideSetSchedule(Schedule("client")));
        Do(book.DecideDeleteSchedule("client"));

        var replayed = new ScheduleBook(new ScheduleServiceCapabilities(), _time);
        journal.ForEach(replayed.Apply);
        Assert.Equal(
            JsonSerializer.Serialize(book.ToSnapshot()),
            JsonSerializer.Serialize(replayed.ToSnapshot()));
    }
}
