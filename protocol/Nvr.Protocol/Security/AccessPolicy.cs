using Nvr.Control.Device;

namespace Nvr.Protocol.Security;

/// <summary>
/// Which user level may call which access class. <see cref="Default"/> is Core's "Default Access Policy Definition";
/// SetAccessPolicy replaces it by a policy file in the format of <see cref="AccessPolicyDocument"/>. A null level is
/// the Anonymous category (unauthenticated requests). Administrators keep every class and everyone keeps PRE_AUTH in
/// every policy (the file format refuses anything else), so no policy locks the device's administration out.
/// </summary>
public sealed class AccessPolicy
{
    private readonly IReadOnlyDictionary<AccessClass, IReadOnlySet<UserLevel?>> _grants;

    public AccessPolicy(IReadOnlyDictionary<AccessClass, IReadOnlySet<UserLevel?>> grants)
    {
        _grants = Enum.GetValues<AccessClass>().All(grants.ContainsKey)
            ? grants
            : throw new ArgumentException("a policy grants every access class to someone (at least the administrator)", nameof(grants));
    }

    /// <summary>Core's default access policy.</summary>
    public static AccessPolicy Default { get; } = new(new Dictionary<AccessClass, IReadOnlySet<UserLevel?>>
    {
        [AccessClass.PreAuth] = Levels(UserLevel.Administrator, UserLevel.Operator, UserLevel.User, null),
        [AccessClass.ReadSystem] = Levels(UserLevel.Administrator, UserLevel.Operator, UserLevel.User),
        [AccessClass.ReadSystemSensitive] = Levels(UserLevel.Administrator, UserLevel.Operator),
        [AccessClass.ReadSystemSecret] = Levels(UserLevel.Administrator),
        [AccessClass.WriteSystem] = Levels(UserLevel.Administrator),
        [AccessClass.Unrecoverable] = Levels(UserLevel.Administrator),
        [AccessClass.ReadMedia] = Levels(UserLevel.Administrator, UserLevel.Operator, UserLevel.User),
        [AccessClass.Actuate] = Levels(UserLevel.Administrator, UserLevel.Operator),
    });

    /// <summary>The levels granted each class.</summary>
    public IReadOnlyDictionary<AccessClass, IReadOnlySet<UserLevel?>> Grants => _grants;

    /// <summary>Whether Core's default access policy lets <paramref name="level"/> call <paramref name="access"/>.</summary>
    public static bool Allows(UserLevel? level, AccessClass access) => Default.Permits(level, access);

    /// <summary>Whether this policy lets <paramref name="level"/> (null: Anonymous) call <paramref name="access"/>.</summary>
    public bool Permits(UserLevel? level, AccessClass access) => _grants.TryGetValue(access, out var levels) && levels.Contains(level);

    public static IReadOnlySet<UserLevel?> Levels(params UserLevel?[] levels) => new HashSet<UserLevel?>(levels);
}
