using Nvr.Recording.Triggers;

namespace Nvr.Recording.Tests.Unit.Triggers;

/// <summary>Topic filters of seed 5.3.4 in the ConcreteSet dialect of ONVIF Core 9.6.3.</summary>
public sealed class TopicFilterTests
{
    [Theory]
    [InlineData("tns1:RuleEngine/CellMotionDetector/Motion", "tns1:RuleEngine/CellMotionDetector/Motion", true)]
    [InlineData("tns1:RuleEngine/CellMotionDetector/Motion", "RuleEngine/CellMotionDetector/Motion", true)]
    [InlineData("tns1:RuleEngine/CellMotionDetector/Motion", "tns1:RuleEngine/CellMotionDetector", false)]
    [InlineData("tns1:RuleEngine/CellMotionDetector", "tns1:RuleEngine/CellMotionDetector/Motion", false)]
    [InlineData("tns1:RuleEngine//.", "tns1:RuleEngine/CellMotionDetector/Motion", true)]
    [InlineData("tns1:RuleEngine//.", "tns1:RuleEngine", true)]
    [InlineData("tns1:RuleEngine//.", "tns1:Device/Trigger/DigitalInput", false)]
    [InlineData("tns1:Device/Trigger/DigitalInput|tns1:VideoSource/MotionAlarm", "tns1:VideoSource/MotionAlarm", true)]
    [InlineData("tns1:RuleEngine/*/Motion", "tns1:RuleEngine/FieldDetector/Motion", true)]
    [InlineData("tns1:Schedule/State/Active", "Schedule/State/Active", true)]
    [InlineData("vendor:Alarm/Input", "vendor:Alarm/Input", true)]
    [InlineData("vendor:Alarm/Input", "tns1:Alarm/Input", false)]
    public void Matches(string filter, string topic, bool expected)
    {
        var parsed = TopicFilter.TryParse(filter, out var error);
        Assert.Null(error);
        Assert.Equal(expected, parsed!.Matches(topic));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tns1:RuleEngine//Motion")]
    [InlineData("tns1:Rule Engine/Motion")]
    [InlineData("tns1:RuleEngine/|tns1:Device")]
    [InlineData("boolean(//tt:SimpleItem)")]
    public void Rejects_expressions_that_are_not_topic_paths(string filter)
    {
        Assert.Null(TopicFilter.TryParse(filter, out var error));
        Assert.Contains("not a valid ConcreteSet topic path", error, StringComparison.Ordinal);
    }
}
