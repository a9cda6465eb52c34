using System.Xml.Linq;
using Nvr.Control.Device;
using Nvr.Protocol.Security;

namespace Nvr.Protocol.Device;

/// <summary>
/// The tds:Security capabilities: UsernameToken (PasswordDigest) and HTTP Digest authentication (MD5 and SHA-256, chosen
/// by SetHashingAlgorithm), the Core default access policy and a settable one (GetAccessPolicy/SetAccessPolicy), user
/// limits, the PasswordComplexity and AuthFailureWarnings policies, a password history; TLS and the certificate-based tokens are not offered.
/// </summary>
public static class DeviceSecurityCapabilities
{
    public static XElement Element() => new(
        DeviceService.Tds + "Security",
        new XAttribute("AccessPolicyConfig", true),
        new XAttribute("DefaultAccessPolicy", true),
        new XAttribute("UsernameToken", true),
        new XAttribute("HttpDigest", true),
        new XAttribute("RemoteUserHandling", true),
        new XAttribute("MaxUsers", DeviceSettingsActor.MaxUsers),
        new XAttribute("MaxUserNameLength", DeviceUserRules.MaxUserNameLength),
        new XAttribute("MaxPasswordLength", DeviceUserRules.MaxPasswordLength),
        new XAttribute("SecurityPolicies", "PasswordComplexity AuthFailureWarnings"),
        new XAttribute("MaxPasswordHistory", PasswordHistoryPolicy.MaxLength),
        new XAttribute("HashingAlgorithms", string.Join(' ', DeviceAuthenticationSettings.Supported)));
}
