using System.Text;
using Nvr.Recording.Triggers;

namespace Nvr.Recording.Tests.Unit.Triggers;

/// <summary>Camera notifications carried in the ONVIF metadata stream become CameraNotifications.</summary>
public sealed class MetadataEventReaderTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private const string Motion = """
        <?xml version="1.0" encoding="UTF-8"?>
        <tt:MetadataStream xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:tns1="http://www.onvif.org/ver10/topics">
          <tt:VideoAnalytics><tt:Frame UtcTime="2026-11-23T10:00:01.2Z"/></tt:VideoAnalytics>
          <tt:Event>
            <wsnt:NotificationMessage>
              <wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">tns1:RuleEngine/CellMotionDetector/Motion</wsnt:Topic>
              <wsnt:Message>
                <tt:Message UtcTime="2026-11-23T10:00:01.250Z" PropertyOperation="Changed">
                  <tt:Source>
                    <tt:SimpleItem Name="VideoSourceConfigurationToken" Value="VSC1"/>
                    <tt:SimpleItem Name="Rule" Value="MyMotionDetectorRule"/>
                  </tt:Source>
                  <tt:Data><tt:SimpleItem Name="IsMotion" Value="true"/></tt:Data>
                </tt:Message>
              </wsnt:Message>
            </wsnt:NotificationMessage>
            <wsnt:NotificationMessage>
              <wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">tns1:Device/Trigger/DigitalInput</wsnt:Topic>
              <wsnt:Message><tt:Message><tt:Source><tt:SimpleItem Name="InputToken" Value="DI1"/></tt:Source><tt:Data/></tt:Message></wsnt:Message>
            </wsnt:NotificationMessage>
          </tt:Event>
        </tt:MetadataStream>
        """;

    [Fact]
    public void Reads_every_notification_with_its_time_operation_and_items()
    {
        var events = MetadataEventReader.Read(Encoding.UTF8.GetBytes(Motion), Arrival);

        Assert.Equal(2, events.Count);
        var motion = events[0];
        Assert.Equal("tns1:RuleEngine/CellMotionDetector/Motion", motion.Topic);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 1, 250, TimeSpan.Zero), motion.UtcTime);
        Assert.Equal("Changed", motion.PropertyOperation);
        Assert.Equal(["VideoSourceConfigurationToken=VSC1", "Rule=MyMotionDetectorRule"], motion.Source.Select(i => $"{i.Name}={i.Value}"));
        Assert.True(motion.Condition);

        var input = events[1];
        Assert.Equal(("tns1:Device/Trigger/DigitalInput", Arrival, (string?)null), (input.Topic, input.UtcTime, input.PropertyOperation));
        Assert.Null(input.Condition); // momentary
    }

    [Fact]
    public void The_onvif_topic_namespace_is_spelled_tns1_whatever_prefix_the_camera_bound_it_to()
    {
        static string Topic(string declarations, string topic) => MetadataEventReader.Read(Encoding.UTF8.GetBytes(
            $"<tt:MetadataStream xmlns:tt=\"http://www.onvif.org/ver10/schema\" xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\" {declarations}><tt:Event>" +
            $"<wsnt:NotificationMessage><wsnt:Topic>{topic}</wsnt:Topic><wsnt:Message><tt:Message UtcTime=\"2026-11-23T10:00:01Z\"><tt:Source/><tt:Data/></tt:Message></wsnt:Message>" +
            "</wsnt:NotificationMessage></tt:Event></tt:MetadataStream>"), Arrival).Single().Topic;

        Assert.Equal("tns1:RuleEngine/CellMotionDetector/Motion", Topic("xmlns:tns=\"http://www.onvif.org/ver10/topics\"", "tns:RuleEngine/CellMotionDetector/Motion"));
        Assert.Equal("tns1:VideoSource/MotionAlarm", Topic("xmlns:tns1=\"http://www.onvif.org/ver10/topics\"", "tns1:VideoSource/MotionAlarm"));
        Assert.Equal("tns1:VideoSource/MotionAlarm", Topic(string.Empty, "tns1:VideoSource/MotionAlarm")); // undeclared, as many cameras send it
        Assert.Equal("tnsvendor:Door/Open", Topic("xmlns:tnsvendor=\"http://vendor.example/topics\"", "tnsvendor:Door/Open"));
    }

    [Fact]
    public void Selected_by_an_event_filter_like_internal_events()
    {
        var trigger = EventTrigger.TryCompile(
            [new TriggerFilter("tns1:RuleEngine//.", "boolean(//tt:SimpleItem[@Name='VideoSourceConfigurationToken' and @Value='VSC1'])")],
            TimeSpan.Zero, TimeSpan.Zero, out _)!;
        var events = MetadataEventReader.Read(Encoding.UTF8.GetBytes(Motion), Arrival);
        Assert.Equal([true, false], events.Select(trigger.Matches));
    }

    [Theory]
    [InlineData("<tt:MetadataStream xmlns:tt=\"http://www.onvif.org/ver10/schema\"><tt:Event>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")]
    [InlineData("")]
    [InlineData("<tt:MetadataStream xmlns:tt=\"http://www.onvif.org/ver10/schema\"><tt:VideoAnalytics/></tt:MetadataStream>")]
    public void Broken_hostile_or_event_free_documents_yield_nothing(string document) =>
        Assert.Empty(MetadataEventReader.Read(Encoding.UTF8.GetBytes(document), Arrival));
}
