using Nvr.Recording.Triggers;

namespace Nvr.Recording.Tests.Unit.Triggers;

/// <summary>Message source filters (ONVIF Core 9.4.4 XPath over the message's Source items).</summary>
public sealed class SourceFilterTests
{
    private static readonly EventItem[] Camera1 = [new("VideoSourceConfigurationToken", "VSC1"), new("Rule", "MyMotion")];

    [Theory]
    [InlineData("boolean(//tt:SimpleItem[@Name=\"VideoSourceConfigurationToken\" and @Value=\"VSC1\"])", true)]
    [InlineData("boolean(//tt:SimpleItem[@Name=\"VideoSourceConfigurationToken\" and @Value=\"VSC2\"])", false)]
    [InlineData("boolean(//tt:SimpleItem[@Name='Rule' and @Value='MyMotion']) and not(boolean(//tt:SimpleItem[@Value='VSC2']))", true)]
    [InlineData("//tt:Source/tt:SimpleItem[@Name='Rule']", true)]
    [InlineData("count(//tt:SimpleItem) = 3", false)]
    public void Evaluates_against_the_source_items(string expression, bool expected)
    {
        var filter = SourceFilter.TryParse(expression, out var error);
        Assert.Null(error);
        Assert.Equal(expected, filter!.Matches(Camera1));
    }

    [Theory]
    [InlineData("boolean(//tt:SimpleItem[@Name=")]
    [InlineData("boolean(//unbound:SimpleItem)")]
    public void Rejects_unusable_expressions(string expression)
    {
        Assert.Null(SourceFilter.TryParse(expression, out var error));
        Assert.Contains("not a valid XPath expression", error, StringComparison.Ordinal);
    }
}
