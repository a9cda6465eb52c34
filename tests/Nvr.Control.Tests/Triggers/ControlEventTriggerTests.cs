using Nvr.Control.Events;
using Nvr.Recording.Triggers;

namespace Nvr.Control.Tests.Triggers;

/// <summary>The control plane's own events are trigger events of the data path (seed 5.3.4 internal events).</summary>
public sealed class ControlEventTriggerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_schedule_becoming_active_opens_and_closes_the_window()
    {
        var trigger = EventTrigger.TryCompile(
            [new TriggerFilter("tns1:Schedule/State/Active", "boolean(//tt:SimpleItem[@Name='ScheduleToken' and @Value='SCH1'])")],
            TimeSpan.Zero, TimeSpan.Zero, out var error) ?? throw new InvalidOperationException(error);
        var tracker = new EventWindowTracker(new Dictionary<string, EventTrigger> { ["JOB0001"] = trigger });

        Assert.Equal([new EventWindowChange(true, T0.UtcDateTime)], tracker.On(new ScheduleStateEvent(T0, "SCH1", "night", Active: true, SpecialDay: false)));
        Assert.Empty(tracker.On(new ScheduleStateEvent(T0, "SCH2", "day", Active: true, SpecialDay: false)));
        Assert.Equal([new EventWindowChange(false, T0.UtcDateTime.AddHours(1))],
            tracker.On(new ScheduleStateEvent(T0.AddHours(1), "SCH1", "night", Active: false, SpecialDay: false)));
    }

    [Fact]
    public void A_camera_notification_becomes_a_device_event_with_the_same_condition_and_property_key()
    {
        var notification = new CameraNotification("tns1:RuleEngine/CellMotionDetector/Motion", T0, "Changed",
            [new EventItem("VideoSourceConfigurationToken", "VSC1")], [new EventItem("IsMotion", "true")]);
        var device = DeviceEvent.From(notification);

        Assert.Equal((notification.Topic, notification.UtcTime, true, true), (device.Topic, device.UtcTime, device.IsProperty, device.Condition));
        Assert.Equal(notification.PropertyKey(), device.PropertyKey());
        Assert.False(DeviceEvent.From(notification with { PropertyOperation = "Deleted" }).Condition);
    }
}
