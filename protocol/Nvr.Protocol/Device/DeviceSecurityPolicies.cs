using System.Globalization;
using System.Xml.Linq;
using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>
/// The password history and authentication failure warning policies of Core over the device settings actor, which
/// persists them: Get/SetPasswordHistoryConfiguration (Length within 1..MaxPasswordHistory; SetUser refuses a
/// password of the history, see <see cref="DeviceUsers"/>) and GetAuthFailureWarningOptions,
/// Get/SetAuthFailureWarningConfiguration (MonitorPeriod in seconds; <see cref="Security.AuthFailureMonitor"/> raises
/// tns1:Device/SecurityPolicy/AuthFailed). A value out of range is refused with env:Sender/ter:InvalidArgVal.
/// </summary>
public static class DeviceSecurityPolicies
{
    public static readonly IReadOnlyList<string> Operations =
    [
        "GetPasswordHistoryConfiguration", "SetPasswordHistoryConfiguration",
        "GetAuthFailureWarningOptions", "GetAuthFailureWarningConfiguration", "SetAuthFailureWarningConfiguration",
    ];

    private static readonly XNamespace Tds = DeviceService.Tds;
    private static readonly XNamespace Tt = DeviceService.Tt;

    public static async Task<XElement> HandleAsync(XElement request, ControlPlane control) => request.Name.LocalName switch
    {
        "GetPasswordHistoryConfiguration" => History(await SettingsAsync(control)),
        "SetPasswordHistoryConfiguration" => await SetAsync(control, new SetPasswordHistory(new PasswordHistoryPolicy(
            Flag(request, "Enabled"), Number(request, "Length", 1, PasswordHistoryPolicy.MaxLength))), "SetPasswordHistoryConfigurationResponse"),
        "GetAuthFailureWarningOptions" => new XElement(
            Tds + "GetAuthFailureWarningOptionsResponse",
            Range("MonitorPeriodRange", (int)AuthFailureWarningPolicy.MinMonitorPeriod.TotalSeconds, (int)AuthFailureWarningPolicy.MaxMonitorPeriod.TotalSeconds),
            Range("AuthFailureRange", AuthFailureWarningPolicy.MinAuthFailures, AuthFailureWarningPolicy.MaxAuthFailuresLimit)),
        "GetAuthFailureWarningConfiguration" => Warning(await SettingsAsync(control)),
        "SetAuthFailureWarningConfiguration" => await SetAsync(control, new SetAuthFailureWarning(new AuthFailureWarningPolicy(
            Flag(request, "Enabled"),
            TimeSpan.FromSeconds(Number(request, "MonitorPeriod", (int)AuthFailureWarningPolicy.MinMonitorPeriod.TotalSeconds, (int)AuthFailureWarningPolicy.MaxMonitorPeriod.TotalSeconds)),
            Number(request, "MaxAuthFailures", AuthFailureWarningPolicy.MinAuthFailures, AuthFailureWarningPolicy.MaxAuthFailuresLimit))),
            "SetAuthFailureWarningConfigurationResponse"),
        _ => throw OnvifFaults.UnknownAction($"'{request.Name.LocalName}' is not a security policy operation"),
    };

    private static XElement History(DeviceSettings settings) => new(
        Tds + "GetPasswordHistoryConfigurationResponse",
        new XElement(Tds + "Enabled", settings.PasswordHistory.Enabled),
        new XElement(Tds + "Length", settings.PasswordHistory.Length));

    private static XElement Warning(DeviceSettings settings) => new(
        Tds + "GetAuthFailureWarningConfigurationResponse",
        new XElement(Tds + "Enabled", settings.AuthFailureWarning.Enabled),
        new XElement(Tds + "MonitorPeriod", (int)settings.AuthFailureWarning.MonitorPeriod.TotalSeconds),
        new XElement(Tds + "MaxAuthFailures", settings.AuthFailureWarning.MaxAuthFailures));

    private static async Task<DeviceSettings> SettingsAsync(ControlPlane control) =>
        (DeviceSettings)await control.AskDeviceAsync(GetDeviceSettings.Instance);

    private static async Task<XElement> SetAsync(ControlPlane control, object command, string response) =>
        await control.AskDeviceAsync(command) is DeviceSettingsChanged
            ? new XElement(Tds + response)
            : throw new InvalidOperationException($"the device settings refused {command.GetType().Name}");

    private static XElement Range(string name, int min, int max) => new(Tds + name, new XElement(Tt + "Min", min), new XElement(Tt + "Max", max));

    private static int Number(XElement request, string name, int min, int max)
    {
        var text = request.Element(Tds + name)?.Value.Trim() ?? throw Invalid($"{name} is missing");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Invalid($"{name} '{text}' is outside {min}..{max}");
    }

    private static bool Flag(XElement request, string name) => request.Element(Tds + name)?.Value.Trim() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        null => throw Invalid($"{name} is missing"),
        var other => throw Invalid($"{name} '{other}' is not a boolean"),
    };

    private static OnvifFaultException Invalid(string reason) => new("Sender", ["InvalidArgVal"], reason);
}
