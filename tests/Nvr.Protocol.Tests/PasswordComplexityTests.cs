using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The PasswordComplexity security policy over SOAP: the device advertises it, reports the ranges of its rules, keeps
/// the configuration a client sets, refuses configurations outside the ranges, and CreateUsers/SetUser refuse every
/// password that breaks a configured rule with PasswordTooWeak (and accept one that obeys them all).
/// </summary>
public sealed class PasswordComplexityTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly ValidatedApplianceFixture _fixture;

    public PasswordComplexityTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    private static string User(string name, string password, string level = "User") =>
        $"<tds:User><tt:Username>{name}</tt:Username><tt:Password>{password}</tt:Password><tt:UserLevel>{level}</tt:UserLevel></tds:User>";

    [Fact]
    public async Task Configured_rules_are_kept_and_every_password_set_afterwards_obeys_them()
    {
        var device = _fixture.Device;
        var capabilities = await device.CallAsync("GetServiceCapabilities");
        Assert.Contains("PasswordComplexity", capabilities.Descendants(Wire.Tds + "Security").Single().Attribute("SecurityPolicies")?.Value ?? string.Empty, StringComparison.Ordinal);

        var options = await device.CallAsync("GetPasswordComplexityOptions");
        Assert.Equal(["1", "64"], options.Descendants(Wire.Tds + "MinLenRange").Single().Elements().Select(e => e.Value));
        Assert.Equal(["0", "64"], options.Descendants(Wire.Tds + "SpecialCharsRange").Single().Elements().Select(e => e.Value));
        Assert.Equal("true", options.Text(Wire.Tds + "BlockUsernameOccurrenceSupported"));
        Assert.Equal("false", options.Text(Wire.Tds + "PolicyConfigurationLockSupported"));

        var before = await device.CallAsync("GetPasswordComplexityConfiguration");
        Assert.Empty(before.Texts(Wire.Tds + "MinLen"));
        await device.CallAsync("CreateUsers", User("before-rules", "short"));

        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetPasswordComplexityConfiguration", "<tds:MinLen>0</tds:MinLen>"));
        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetPasswordComplexityConfiguration", "<tds:Uppercase>65</tds:Uppercase>"));
        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetPasswordComplexityConfiguration", "<tds:Uppercase>30</tds:Uppercase><tds:Number>30</tds:Number><tds:SpecialChars>5</tds:SpecialChars>"));
        Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetPasswordComplexityConfiguration", "<tds:MinLen>8</tds:MinLen><tds:PolicyConfigurationLocked>true</tds:PolicyConfigurationLocked>"));
        Assert.Empty((await device.CallAsync("GetPasswordComplexityConfiguration")).Texts(Wire.Tds + "MinLen"));

        await device.CallAsync(
            "SetPasswordComplexityConfiguration",
            "<tds:MinLen>10</tds:MinLen><tds:Uppercase>1</tds:Uppercase><tds:Number>2</tds:Number><tds:SpecialChars>1</tds:SpecialChars><tds:BlockUsernameOccurrence>true</tds:BlockUsernameOccurrence>");
        var rules = await device.CallAsync("GetPasswordComplexityConfiguration");
        Assert.Equal(
            ["10", "1", "2", "1", "true", "false"],
            new[] { "MinLen", "Uppercase", "Number", "SpecialChars", "BlockUsernameOccurrence", "PolicyConfigurationLocked" }.Select(n => rules.Text(Wire.Tds + n)));

        const string weak = "Sender/OperationProhibited/PasswordTooWeak";
        Assert.Equal(weak, await device.FaultAsync("CreateUsers", User("ruled", "Ab1!ab1!a")));      // 9 characters
        Assert.Equal(weak, await device.FaultAsync("CreateUsers", User("ruled", "ab12!abcdefg")));   // no uppercase
        Assert.Equal(weak, await device.FaultAsync("CreateUsers", User("ruled", "Ab1!abcdefg")));    // one digit
        Assert.Equal(weak, await device.FaultAsync("CreateUsers", User("ruled", "Ab12abcdefg")));    // no special character
        Assert.Equal(weak, await device.FaultAsync("CreateUsers", User("ruled", "Ab12!RULEDxy")));   // holds the user name
        Assert.DoesNotContain("ruled", (await device.CallAsync("GetUsers")).Texts(Wire.Tt + "Username"));

        await device.CallAsync("CreateUsers", User("ruled", "Ab12!cdefgh"));
        await using (var ruled = new OnvifSoapClient(_fixture.Host.DeviceServiceUrls[0], OnvifSoapClient.Tds, _fixture.Capture, new OnvifCredentials("ruled", "Ab12!cdefgh")))
        {
            await ruled.CallAsync("GetScopes");
        }

        Assert.Equal(weak, await device.FaultAsync("SetUser", User("before-rules", "still-short")));
        await device.CallAsync("SetUser", User("before-rules", "Now-Long-42"));

        await device.CallAsync("SetPasswordComplexityConfiguration");
        Assert.Empty((await device.CallAsync("GetPasswordComplexityConfiguration")).Texts(Wire.Tds + "MinLen"));
        await device.CallAsync("SetUser", User("ruled", "x"));
        await device.CallAsync("DeleteUsers", "<tds:Username>ruled</tds:Username><tds:Username>before-rules</tds:Username>");
    }
}
