using System.Globalization;
using System.Xml.Linq;
using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>
/// The PasswordComplexity security policy of Core: GetPasswordComplexityOptions (the ranges of every rule),
/// GetPasswordComplexityConfiguration and SetPasswordComplexityConfiguration over the device settings actor, which
/// persists the rules. CreateUsers and SetUser apply them to every password they set (<see cref="Check"/>). Locking
/// the policy is not supported: a Set that asks for it is refused (InvalidArgVal), like a rule out of its range or
/// rules whose minimum counts cannot fit in the longest password.
/// </summary>
public static class DevicePasswordComplexity
{
    public static readonly IReadOnlyList<string> Operations =
        ["GetPasswordComplexityOptions", "GetPasswordComplexityConfiguration", "SetPasswordComplexityConfiguration"];

    private static readonly XNamespace Tds = DeviceService.Tds;
    private static readonly XNamespace Tt = DeviceService.Tt;

    public static async Task<XElement> HandleAsync(XElement request, ControlPlane control) => request.Name.LocalName switch
    {
        "GetPasswordComplexityOptions" => new XElement(
            Tds + "GetPasswordComplexityOptionsResponse",
            Range("MinLenRange", 1), Range("UppercaseRange", 0), Range("NumberRange", 0), Range("SpecialCharsRange", 0),
            new XElement(Tds + "BlockUsernameOccurrenceSupported", true),
            new XElement(Tds + "PolicyConfigurationLockSupported", false)),
        "GetPasswordComplexityConfiguration" => Configuration(((DeviceSettings)await control.AskDeviceAsync(GetDeviceSettings.Instance)).PasswordComplexity),
        "SetPasswordComplexityConfiguration" => await SetAsync(request, control),
        _ => throw OnvifFaults.UnknownAction($"'{request.Name.LocalName}' is not a password complexity operation"),
    };

    /// <summary>Throws PasswordTooWeak (the CreateUsers/SetUser fault of Core) when the password breaks a rule.</summary>
    public static void Check(PasswordComplexity rules, string username, string password)
    {
        if (rules.Problem(username, password) is { } problem)
        {
            throw new OnvifFaultException("Sender", ["OperationProhibited", "PasswordTooWeak"], $"user '{username}': {problem}");
        }
    }

    private static async Task<XElement> SetAsync(XElement request, ControlPlane control)
    {
        if (Flag(request, "PolicyConfigurationLocked") == true)
        {
            throw Invalid("locking the password policy is not supported (PolicyConfigurationLockSupported is false)");
        }

        var rules = new PasswordComplexity(
            Count(request, "MinLen", 1), Count(request, "Uppercase", 0), Count(request, "Number", 0), Count(request, "SpecialChars", 0),
            Flag(request, "BlockUsernameOccurrence"));
        var required = (rules.Uppercase ?? 0) + (rules.Number ?? 0) + (rules.SpecialChars ?? 0);
        if (required > DeviceUserRules.MaxPasswordLength)
        {
            throw Invalid($"the rules ask for {required} characters, more than the longest password ({DeviceUserRules.MaxPasswordLength})");
        }

        var reply = await control.AskDeviceAsync(new SetPasswordComplexity(rules));
        return reply is DeviceSettingsChanged
            ? new XElement(Tds + "SetPasswordComplexityConfigurationResponse")
            : throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}");
    }

    private static XElement Configuration(PasswordComplexity rules) => new(
        Tds + "GetPasswordComplexityConfigurationResponse",
        rules.MinLen is { } minLen ? new XElement(Tds + "MinLen", minLen) : null,
        rules.Uppercase is { } upper ? new XElement(Tds + "Uppercase", upper) : null,
        rules.Number is { } number ? new XElement(Tds + "Number", number) : null,
        rules.SpecialChars is { } special ? new XElement(Tds + "SpecialChars", special) : null,
        rules.BlockUsernameOccurrence is { } block ? new XElement(Tds + "BlockUsernameOccurrence", block) : null,
        new XElement(Tds + "PolicyConfigurationLocked", false));

    private static XElement Range(string name, int min) =>
        new(Tds + name, new XElement(Tt + "Min", min), new XElement(Tt + "Max", DeviceUserRules.MaxPasswordLength));

    private static int? Count(XElement request, string name, int min)
    {
        var text = request.Element(Tds + name)?.Value.Trim();
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= DeviceUserRules.MaxPasswordLength
            ? value
            : throw Invalid($"{name} '{text}' is outside {min}..{DeviceUserRules.MaxPasswordLength}");
    }

    private static bool? Flag(XElement request, string name)
    {
        var text = request.Element(Tds + name)?.Value.Trim();
        return text switch
        {
            null => null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw Invalid($"{name} '{text}' is not a boolean"),
        };
    }

    private static OnvifFaultException Invalid(string reason) => new("Sender", ["InvalidArgVal"], reason);
}
