using System.Xml.Linq;
using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>
/// GetRemoteUser and SetRemoteUser of Core (capability RemoteUserHandling): the account the appliance uses towards
/// cameras. Receivers whose MediaUri holds no user name connect with it (RTSP Digest or Basic, as the camera asks).
/// The password is sealed before it reaches the device settings actor and is never returned: GetRemoteUser gives the
/// user name only. UseDerivedPassword (a password derived from the client's own, whose derivation Core leaves
/// unspecified) is not supported: env:Sender/ter:InvalidArgVal.
/// </summary>
public static class DeviceRemoteUser
{
    public static readonly IReadOnlyList<string> Operations = ["GetRemoteUser", "SetRemoteUser"];

    private static readonly XNamespace Tds = DeviceService.Tds;
    private static readonly XNamespace Tt = DeviceService.Tt;

    public static async Task<XElement> HandleAsync(XElement request, ControlPlane control, PasswordVault vault, RemoteUserCredentials credentials)
    {
        if (request.Name.LocalName == "GetRemoteUser")
        {
            var settings = (DeviceSettings)await control.AskDeviceAsync(GetDeviceSettings.Instance);
            return new XElement(Tds + "GetRemoteUserResponse", settings.RemoteUser is { } user
                ? new XElement(Tds + "RemoteUser", new XElement(Tt + "Username", user.Username), new XElement(Tt + "UseDerivedPassword", false))
                : null);
        }

        var remote = Read(request.Element(Tds + "RemoteUser"), vault);
        if (await control.AskDeviceAsync(new SetRemoteUser(remote)) is not DeviceSettingsChanged changed)
        {
            throw new InvalidOperationException("the device settings refused SetRemoteUser");
        }

        credentials.Load(changed.Settings.RemoteUser, vault);
        return new XElement(Tds + "SetRemoteUserResponse");
    }

    private static RemoteUser? Read(XElement? element, PasswordVault vault)
    {
        if (element is null)
        {
            return null; // Core: SetRemoteUser without RemoteUser removes it
        }

        var username = element.Element(Tt + "Username")?.Value ?? throw OnvifFaults.InvalidArgs("RemoteUser needs a Username");
        if (username.Length is 0 or > DeviceUserRules.MaxUserNameLength || username.Any(c => char.IsControl(c) || c is ':' or '"' or '\\'))
        {
            throw new OnvifFaultException("Sender", ["InvalidArgVal"],
                $"the remote user name must have 1 to {DeviceUserRules.MaxUserNameLength} characters and no control characters, ':', quotes or backslashes");
        }

        if (element.Element(Tt + "UseDerivedPassword")?.Value.Trim() is "true" or "1")
        {
            throw new OnvifFaultException("Sender", ["InvalidArgVal"], "UseDerivedPassword is not supported: give the camera password itself");
        }

        var password = element.Element(Tt + "Password")?.Value;
        if (password is { Length: > DeviceUserRules.MaxPasswordLength })
        {
            throw new OnvifFaultException("Sender", ["InvalidArgVal"], $"the remote user password has more than {DeviceUserRules.MaxPasswordLength} characters");
        }

        return new RemoteUser(username, password is null ? null : vault.Seal(password));
    }
}
