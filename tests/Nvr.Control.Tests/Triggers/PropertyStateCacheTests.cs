using Nvr.Control.Events;
using Nvr.Control.Triggers;
using Nvr.Recording.Triggers;

namespace Nvr.Control.Tests.Triggers;

/// <summary>Conditions that already hold are replayed to a recording whose event-triggered job starts later.</summary>
public sealed class PropertyStateCacheTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static DeviceEvent Motion(string camera, string? operation, string value, int second = 0) =>
        new("tns1:RuleEngine/CellMotionDetector/Motion", T0.AddSeconds(second), operation,
            [new EventItem("VideoSourceConfigurationToken", camera)], [new EventItem("IsMotion", value)]);

    [Fact]
    public void Keeps_the_latest_state_per_property_and_lists_those_that_hold()
    {
        var cache = new PropertyStateCache();
        cache.Record(Motion("VSC1", "Initialized", "true"));
        cache.Record(Motion("VSC2", "Initialized", "true"));
        cache.Record(Motion("VSC2", "Changed", "false", 5));
        cache.Record(Motion("VSC3", null, "true")); // momentary: no state
        cache.Record(new ScheduleStateEvent(T0, "SCH1", "night", Active: true, SpecialDay: false));

        Assert.Equal(3, cache.Count);
        Assert.Equal(["VSC1", "SCH1"], cache.Holding().Select(e => e.SourceItems[0].Value));

        cache.Record(Motion("VSC1", "Deleted", "true", 9));
        Assert.Equal(["SCH1"], cache.Holding().Select(e => e.SourceItems[0].Value));
    }

    [Fact]
    public void A_replayed_condition_opens_the_window_of_a_job_created_after_it()
    {
        var cache = new PropertyStateCache();
        cache.Record(new ScheduleStateEvent(T0, "SCH1", "night", Active: true, SpecialDay: false));
        var filter = new Nvr.Control.Recordings.Model.RecordingEventFilter([new("tns1:Schedule/State/Active", null)], TimeSpan.FromSeconds(2), null);
        var tracker = new EventWindowTracker(new Dictionary<string, EventTrigger> { ["JOB0001"] = filter.TryCompile(out _)! });

        var changes = cache.Holding().SelectMany(tracker.On).ToList();

        Assert.Equal([new EventWindowChange(true, T0.UtcDateTime.AddSeconds(-2))], changes);
        Assert.True(tracker.IsOpen);
    }

    [Fact]
    public void Is_bounded_forgetting_the_oldest_property()
    {
        var cache = new PropertyStateCache(capacity: 3);
        for (int i = 0; i < 5; i++)
        {
            cache.Record(Motion($"VSC{i}", "Changed", "true", i));
        }

        Assert.Equal(3, cache.Count);
        Assert.Equal(["VSC2", "VSC3", "VSC4"], cache.Holding().Select(e => e.SourceItems[0].Value));
    }
}
