namespace Nvr.Control.Device;

/// <summary>
/// The password complexity configuration of Core (GetPasswordComplexityConfiguration): minimum length and minimum
/// counts of uppercase letters, digits and other characters, and whether a password may contain the user's name. An
/// absent rule does not apply. It governs passwords set from the time it is configured on; stored ones are kept.
/// </summary>
public sealed record PasswordComplexity(int? MinLen, int? Uppercase, int? Number, int? SpecialChars, bool? BlockUsernameOccurrence)
{
    /// <summary>No rule: any password the length limits allow.</summary>
    public static PasswordComplexity None { get; } = new(null, null, null, null, null);

    /// <summary>Null when <paramref name="password"/> obeys every rule; else what it lacks, in words.</summary>
    public string? Problem(string username, string password)
    {
        if (MinLen is { } minimum && password.Length < minimum)
        {
            return $"the password needs at least {minimum} characters";
        }

        int upper = 0, digits = 0, special = 0;
        foreach (var c in password)
        {
            if (char.IsUpper(c))
            {
                upper++;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (!char.IsLetterOrDigit(c))
            {
                special++;
            }
        }

        if (Uppercase is { } u && upper < u)
        {
            return $"the password needs at least {u} uppercase letters";
        }

        if (Number is { } n && digits < n)
        {
            return $"the password needs at least {n} digits";
        }

        if (SpecialChars is { } s && special < s)
        {
            return $"the password needs at least {s} characters that are neither letters nor digits";
        }

        return BlockUsernameOccurrence == true && username.Length > 0 && password.Contains(username, StringComparison.OrdinalIgnoreCase)
            ? "the password must not contain the user name"
            : null;
    }
}

/// <summary>Persisted: the password complexity configuration was replaced.</summary>
public sealed record PasswordComplexityConfigured(PasswordComplexity Configuration) : IDeviceEvent;

/// <summary>Replaces the password complexity configuration.</summary>
public sealed record SetPasswordComplexity(PasswordComplexity Configuration);
