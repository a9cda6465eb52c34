using Nvr.Control.Device;

namespace Nvr.Protocol.Security;

/// <summary>
/// The Core default access policy ("Default Access Policy Definition"): which user level may call which access class.
/// A null level is the Anonymous category (unauthenticated requests).
/// </summary>
public static class AccessPolicy
{
    public static bool Allows(UserLevel? level, AccessClass access) => access switch
    {
        AccessClass.PreAuth => true,
        AccessClass.ReadSystem or AccessClass.ReadMedia => level is not null,
        AccessClass.ReadSystemSensitive or AccessClass.Actuate => level is UserLevel.Administrator or UserLevel.Operator,
        AccessClass.ReadSystemSecret or AccessClass.WriteSystem or AccessClass.Unrecoverable => level is UserLevel.Administrator,
        _ => false,
    };
}
