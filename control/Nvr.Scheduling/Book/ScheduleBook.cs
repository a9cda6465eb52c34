using Nvr.Scheduling.Calendar;
using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Faults;
using Nvr.Scheduling.Model;

namespace Nvr.Scheduling.Book;

/// <summary>
/// The in-memory aggregate of schedules and special day groups with every rule and fault of the Schedule
/// Service Specification 18.06 tables. Commands (<c>Decide*</c>) validate and return the change to persist without
/// touching state; <see cref="Apply"/> then makes it effective (also used to replay persisted changes).
/// Not thread-safe: one owner (e.g. an actor) calls it.
/// </summary>
public sealed class ScheduleBook
{
    private const byte ScheduleListKind = 1;
    private const byte GroupListKind = 2;
    private const string AllocatedSchedulePrefix = "schedule-";
    private const string AllocatedGroupPrefix = "specialdays-";

    private readonly SortedList<string, Schedule> _schedules = new(StringComparer.Ordinal);
    private readonly SortedList<string, SpecialDayGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScheduleCalendar> _standards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScheduleCalendar?> _groupDays = new(StringComparer.Ordinal);
    private readonly Func<string, bool> _scheduleUsedByRecordingJob;
    private readonly StartReferenceCodec _references;
    private long _nextScheduleNumber = 1;
    private long _nextGroupNumber = 1;
    private ScheduleCalendar? _lastParsed;

    /// <param name="capabilities">The limits to enforce.</param>
    /// <param name="time">Clock for paging reference expiry.</param>
    /// <param name="scheduleUsedByRecordingJob">Whether a recording job refers to a schedule token (ReferenceInUse on delete).</param>
    /// <param name="startReferenceLifetime">How long a paging reference stays valid (default 10 minutes).</param>
    public ScheduleBook(
        ScheduleServiceCapabilities capabilities,
        TimeProvider time,
        Func<string, bool>? scheduleUsedByRecordingJob = null,
        TimeSpan? startReferenceLifetime = null)
    {
        Capabilities = capabilities;
        _scheduleUsedByRecordingJob = scheduleUsedByRecordingJob ?? (static _ => false);
        _references = new StartReferenceCodec(time, startReferenceLifetime ?? TimeSpan.FromMinutes(10));
    }

    public ScheduleServiceCapabilities Capabilities { get; }

    public int ScheduleCount => _schedules.Count;

    public int SpecialDayGroupCount => _groups.Count;

    /// <summary>Rebuilds a book from a snapshot (calendars are parsed again).</summary>
    public static ScheduleBook FromSnapshot(
        ScheduleBookSnapshot snapshot,
        ScheduleServiceCapabilities capabilities,
        TimeProvider time,
        Func<string, bool>? scheduleUsedByRecordingJob = null)
    {
        var book = new ScheduleBook(capabilities, time, scheduleUsedByRecordingJob);
        foreach (var group in snapshot.SpecialDayGroups)
        {
            book.Apply(new SpecialDayGroupSaved(group));
        }

        foreach (var schedule in snapshot.Schedules)
        {
            book.Apply(new ScheduleSaved(schedule));
        }

        book._nextScheduleNumber = snapshot.NextScheduleTokenNumber;
        book._nextGroupNumber = snapshot.NextSpecialDayGroupTokenNumber;
        return book;
    }

    public ScheduleBookSnapshot ToSnapshot() =>
        new([.. _schedules.Values], [.. _groups.Values], _nextScheduleNumber, _nextGroupNumber);

    public bool TryGetSchedule(string token, out Schedule schedule) => _schedules.TryGetValue(token, out schedule!);

    public bool TryGetSpecialDayGroup(string token, out SpecialDayGroup group) => _groups.TryGetValue(token, out group!);

    /// <summary>GetSchedules: the known schedules among <paramref name="tokens"/>; TooManyItems above MaxLimit.</summary>
    public IReadOnlyList<Schedule> GetSchedules(IReadOnlyList<string> tokens) => Lookup(_schedules, tokens);

    public IReadOnlyList<ScheduleInfo> GetScheduleInfo(IReadOnlyList<string> tokens) =>
        Lookup(_schedules, tokens).Select(ToInfo).ToArray();

    public IReadOnlyList<SpecialDayGroup> GetSpecialDayGroups(IReadOnlyList<string> tokens) => Lookup(_groups, tokens);

    public IReadOnlyList<SpecialDayGroupInfo> GetSpecialDayGroupInfo(IReadOnlyList<string> tokens) =>
        Lookup(_groups, tokens).Select(ToInfo).ToArray();

    /// <summary>GetScheduleList: one page in token order; InvalidStartReference for forged or expired references.</summary>
    public Page<Schedule> GetScheduleList(int? limit, string? startReference) =>
        PageOf(_schedules, ScheduleListKind, limit, startReference, static s => s);

    public Page<ScheduleInfo> GetScheduleInfoList(int? limit, string? startReference) =>
        PageOf(_schedules, ScheduleListKind, limit, startReference, ToInfo);

    public Page<SpecialDayGroup> GetSpecialDayGroupList(int? limit, string? startReference) =>
        PageOf(_groups, GroupListKind, limit, startReference, static g => g);

    public Page<SpecialDayGroupInfo> GetSpecialDayGroupInfoList(int? limit, string? startReference) =>
        PageOf(_groups, GroupListKind, limit, startReference, ToInfo);

    /// <summary>The schedule with its calendars parsed and groups resolved; NotFound when unknown.</summary>
    public CompiledSchedule CompileSchedule(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw ScheduleFaults.MissingScheduleToken();
        }

        if (!_schedules.TryGetValue(token, out var schedule))
        {
            throw ScheduleFaults.NotFound("schedule", token);
        }

        var overrides = new List<CompiledSpecialDays>(schedule.SpecialDays.Count);
        foreach (var entry in schedule.SpecialDays)
        {
            if (_groupDays.TryGetValue(entry.GroupToken, out var days) && days is not null)
            {
                overrides.Add(new CompiledSpecialDays(entry.GroupToken, days, entry.TimeRange));
            }
        }

        return new CompiledSchedule(schedule.Token, schedule.Name, _standards[token], overrides);
    }

    /// <summary>Tokens of the schedules whose SpecialDays refer to <paramref name="groupToken"/>.</summary>
    public IReadOnlyList<string> SchedulesReferringTo(string groupToken) =>
        _schedules.Values.Where(s => s.SpecialDays.Any(d => d.GroupToken == groupToken)).Select(s => s.Token).ToArray();

    /// <summary>CreateSchedule: the token must be empty; the book allocates one.</summary>
    public ScheduleSaved DecideCreateSchedule(Schedule draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!string.IsNullOrEmpty(draft.Token))
        {
            throw ScheduleFaults.TokenNotAllowedOnCreate("schedule");
        }

        if (_schedules.Count >= Capabilities.MaxSchedules)
        {
            throw ScheduleFaults.MaxSchedules(Capabilities.MaxSchedules);
        }

        var (token, number) = Allocate(AllocatedSchedulePrefix, _nextScheduleNumber, _schedules);
        var valid = ScheduleContentValidator.ValidateSchedule(draft with { Token = token }, Capabilities, _groups.ContainsKey, ParseRemembering);
        return new ScheduleSaved(valid, number);
    }

    /// <summary>SetSchedule: create or replace under the client's token.</summary>
    public ScheduleSaved DecideSetSchedule(Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!Capabilities.ClientSuppliedTokenSupported)
        {
            throw ScheduleFaults.ClientTokenNotSupported();
        }

        RequireScheduleToken(schedule.Token);
        if (!_schedules.ContainsKey(schedule.Token) && _schedules.Count >= Capabilities.MaxSchedules)
        {
            throw ScheduleFaults.MaxSchedules(Capabilities.MaxSchedules);
        }

        return new ScheduleSaved(ScheduleContentValidator.ValidateSchedule(schedule, Capabilities, _groups.ContainsKey, ParseRemembering));
    }

    /// <summary>ModifySchedule: replace an existing schedule.</summary>
    public ScheduleSaved DecideModifySchedule(Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        RequireScheduleToken(schedule.Token);
        if (!_schedules.ContainsKey(schedule.Token))
        {
            throw ScheduleFaults.NotFound("schedule", schedule.Token);
        }

        return new ScheduleSaved(ScheduleContentValidator.ValidateSchedule(schedule, Capabilities, _groups.ContainsKey, ParseRemembering));
    }

    /// <summary>DeleteSchedule: refused with ReferenceInUse while a recording job refers to it.</summary>
    public ScheduleDeleted DecideDeleteSchedule(string token)
    {
        RequireScheduleToken(token);
        if (!_schedules.ContainsKey(token))
        {
            throw ScheduleFaults.NotFound("schedule", token);
        }

        if (_scheduleUsedByRecordingJob(token))
        {
            throw ScheduleFaults.ReferenceInUse("schedule", token, "a recording job");
        }

        return new ScheduleDeleted(token);
    }

    /// <summary>CreateSpecialDayGroup: the token must be empty; the book allocates one.</summary>
    public SpecialDayGroupSaved DecideCreateSpecialDayGroup(SpecialDayGroup draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!string.IsNullOrEmpty(draft.Token))
        {
            throw ScheduleFaults.TokenNotAllowedOnCreate("special day group");
        }

        if (_groups.Count >= Capabilities.MaxSpecialDayGroups)
        {
            throw ScheduleFaults.MaxSpecialDayGroups(Capabilities.MaxSpecialDayGroups);
        }

        var (token, number) = Allocate(AllocatedGroupPrefix, _nextGroupNumber, _groups);
        var valid = ScheduleContentValidator.ValidateGroup(draft with { Token = token }, Capabilities, ParseRemembering);
        return new SpecialDayGroupSaved(valid, number);
    }

    /// <summary>SetSpecialDayGroup: create or replace under the client's token.</summary>
    public SpecialDayGroupSaved DecideSetSpecialDayGroup(SpecialDayGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!Capabilities.ClientSuppliedTokenSupported)
        {
            throw ScheduleFaults.ClientTokenNotSupported();
        }

        RequireGroupToken(group.Token);
        if (!_groups.ContainsKey(group.Token) && _groups.Count >= Capabilities.MaxSpecialDayGroups)
        {
            throw ScheduleFaults.MaxSpecialDayGroups(Capabilities.MaxSpecialDayGroups);
        }

        return new SpecialDayGroupSaved(ScheduleContentValidator.ValidateGroup(group, Capabilities, ParseRemembering));
    }

    /// <summary>ModifySpecialDayGroup: replace an existing group.</summary>
    public SpecialDayGroupSaved DecideModifySpecialDayGroup(SpecialDayGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        RequireGroupToken(group.Token);
        if (!_groups.ContainsKey(group.Token))
        {
            throw ScheduleFaults.NotFound("special day group", group.Token);
        }

        return new SpecialDayGroupSaved(ScheduleContentValidator.ValidateGroup(group, Capabilities, ParseRemembering));
    }

    /// <summary>DeleteSpecialDayGroup: refused with ReferenceInUse while a schedule refers to it.</summary>
    public SpecialDayGroupDeleted DecideDeleteSpecialDayGroup(string token)
    {
        RequireGroupToken(token);
        if (!_groups.ContainsKey(token))
        {
            throw ScheduleFaults.NotFound("special day group", token);
        }

        var users = SchedulesReferringTo(token);
        if (users.Count > 0)
        {
            throw ScheduleFaults.ReferenceInUse("special day group", token, $"schedule '{users[0]}'");
        }

        return new SpecialDayGroupDeleted(token);
    }

    /// <summary>Makes a change effective. Changes come from the <c>Decide*</c> methods or from persistence.</summary>
    public void Apply(ScheduleBookChange change)
    {
        switch (change)
        {
            case ScheduleSaved saved:
                _standards[saved.Schedule.Token] = ParseReusing(saved.Schedule.Standard, "Standard");
                _schedules[saved.Schedule.Token] = saved.Schedule;
                if (saved.AllocatedTokenNumber is { } n)
                {
                    _nextScheduleNumber = Math.Max(_nextScheduleNumber, n + 1);
                }

                break;
            case ScheduleDeleted deleted:
                _schedules.Remove(deleted.Token);
                _standards.Remove(deleted.Token);
                break;
            case SpecialDayGroupSaved saved:
                _groupDays[saved.Group.Token] = string.IsNullOrWhiteSpace(saved.Group.Days) ? null : ParseReusing(saved.Group.Days, "Days");
                _groups[saved.Group.Token] = saved.Group;
                if (saved.AllocatedTokenNumber is { } g)
                {
                    _nextGroupNumber = Math.Max(_nextGroupNumber, g + 1);
                }

                break;
            case SpecialDayGroupDeleted deleted:
                _groups.Remove(deleted.Token);
                _groupDays.Remove(deleted.Token);
                break;
            default:
                throw new ArgumentException($"unknown change {change.GetType().Name}", nameof(change));
        }
    }

    /// <summary>Parses and remembers the result, so the <see cref="Apply"/> that follows a decision does not parse again.</summary>
    private ScheduleCalendar ParseRemembering(string? text, string field)
    {
        var calendar = ScheduleCalendar.Parse(text, field);
        _lastParsed = calendar;
        return calendar;
    }

    private ScheduleCalendar ParseReusing(string text, string field)
    {
        var remembered = _lastParsed;
        _lastParsed = null;
        return remembered is not null && string.Equals(remembered.Text, text, StringComparison.Ordinal)
            ? remembered
            : ScheduleCalendar.Parse(text, field);
    }

    private static ScheduleInfo ToInfo(Schedule s) => new(s.Token, s.Name, s.Description);

    private static SpecialDayGroupInfo ToInfo(SpecialDayGroup g) => new(g.Token, g.Name, g.Description);

    private static void RequireScheduleToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw ScheduleFaults.MissingScheduleToken();
        }

        ScheduleContentValidator.CheckTokenLength(token);
    }

    private static void RequireGroupToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw ScheduleFaults.MissingGroupToken();
        }

        ScheduleContentValidator.CheckTokenLength(token);
    }

    private static (string Token, long Number) Allocate<T>(string prefix, long next, SortedList<string, T> existing)
    {
        while (existing.ContainsKey(prefix + next))
        {
            next++;
        }

        return (prefix + next, next);
    }

    private IReadOnlyList<T> Lookup<T>(SortedList<string, T> items, IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count > Capabilities.MaxLimit)
        {
            throw ScheduleFaults.TooManyItems(tokens.Count, Capabilities.MaxLimit);
        }

        var found = new List<T>(tokens.Count);
        foreach (var token in tokens)
        {
            if (token is not null && items.TryGetValue(token, out var item))
            {
                found.Add(item);
            }
        }

        return found;
    }

    private Page<TOut> PageOf<T, TOut>(SortedList<string, T> items, byte kind, int? limit, string? startReference, Func<T, TOut> project)
    {
        var pageSize = limit is null || limit < 1 || limit > Capabilities.MaxLimit ? Capabilities.MaxLimit : limit.Value;
        return TokenOrderedPager.PageOf(items, _references, kind, pageSize, startReference, project);
    }
}
