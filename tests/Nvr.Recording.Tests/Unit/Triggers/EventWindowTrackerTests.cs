using Nvr.Recording.Triggers;

namespace Nvr.Recording.Tests.Unit.Triggers;

/// <summary>Seed 5.3.4: when a recording fed by event-triggered jobs records, and from/until when.</summary>
public sealed class EventWindowTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string Motion = "tns1:RuleEngine/CellMotionDetector/Motion";

    private static EventWindowTracker Tracker(TimeSpan before, TimeSpan after, string topic = Motion, string? source = null)
    {
        var trigger = EventTrigger.TryCompile([new TriggerFilter(topic, source)], before, after, out var error) ?? throw new InvalidOperationException(error);
        return new EventWindowTracker(new Dictionary<string, EventTrigger> { ["JOB0001"] = trigger });
    }

    private static CameraNotification MotionEvent(double seconds, bool? isMotion, string camera = "VSC1") => new(
        Motion, T0.AddSeconds(seconds), isMotion is null ? null : "Changed",
        [new EventItem("VideoSourceConfigurationToken", camera)],
        isMotion is { } m ? [new EventItem("IsMotion", m ? "true" : "false")] : []);

    [Fact]
    public void A_property_condition_opens_Before_it_and_closes_After_it_ends()
    {
        var tracker = Tracker(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(5), tracker.PreEvent);

        Assert.Equal([new EventWindowChange(true, T0.UtcDateTime.AddSeconds(-5))], tracker.On(MotionEvent(0, true)));
        Assert.True(tracker.IsOpen);
        Assert.Empty(tracker.On(MotionEvent(1, true))); // the same condition again: nothing new
        Assert.Equal([new EventWindowChange(false, T0.UtcDateTime.AddSeconds(30))], tracker.On(MotionEvent(20, false)));
        Assert.False(tracker.IsOpen);
    }

    [Fact]
    public void Two_sources_are_two_conditions_the_window_closes_after_the_last()
    {
        var tracker = Tracker(TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.Single(tracker.On(MotionEvent(0, true, "VSC1")));
        Assert.Empty(tracker.On(MotionEvent(1, true, "VSC2")));
        Assert.Empty(tracker.On(MotionEvent(3, false, "VSC1")));
        Assert.Equal([new EventWindowChange(false, T0.UtcDateTime.AddSeconds(7))], tracker.On(MotionEvent(5, false, "VSC2")));
    }

    [Fact]
    public void A_momentary_event_opens_and_closes_around_its_instant()
    {
        var tracker = Tracker(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3));
        Assert.Equal(
            [new EventWindowChange(true, T0.UtcDateTime.AddSeconds(-5)), new EventWindowChange(false, T0.UtcDateTime.AddSeconds(3))],
            tracker.On(MotionEvent(0, null)));

        // a second one within the After span re-opens (cancelling the close) and moves the close later
        Assert.Equal(
            [new EventWindowChange(true, T0.UtcDateTime.AddSeconds(-3)), new EventWindowChange(false, T0.UtcDateTime.AddSeconds(5))],
            tracker.On(MotionEvent(2, null)));
    }

    [Fact]
    public void Events_the_filter_does_not_select_change_nothing()
    {
        var tracker = Tracker(TimeSpan.Zero, TimeSpan.Zero, source: "boolean(//tt:SimpleItem[@Name='VideoSourceConfigurationToken' and @Value='VSC2'])");
        Assert.Empty(tracker.On(MotionEvent(0, true, "VSC1")));
        Assert.Empty(tracker.On(new CameraNotification("tns1:Device/Trigger/DigitalInput", T0, "Changed", [], [new EventItem("LogicalState", "true")])));
        Assert.Single(tracker.On(MotionEvent(1, true, "VSC2")));
    }

    [Theory]
    [InlineData("Changed", "true", true)]
    [InlineData("Initialized", "false", false)]
    [InlineData("Changed", "1", true)]
    [InlineData("Deleted", "true", false)]
    [InlineData(null, "true", null)]
    [InlineData("Changed", "Medium", null)]
    public void Camera_notification_conditions(string? operation, string value, bool? expected) =>
        Assert.Equal(expected, new CameraNotification(Motion, T0, operation, [], [new EventItem("State", value)]).Condition);
}
