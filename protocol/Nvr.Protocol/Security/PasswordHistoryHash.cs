using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nvr.Protocol.Security;

/// <summary>
/// The form a retired password is remembered in for the password history: PBKDF2-HMAC-SHA256 with a random 16-byte
/// salt, written as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64). One-way: unlike the current password, which
/// Digest needs and the vault keeps sealed, an old password is never needed again, only recognised.
/// </summary>
public static class PasswordHistoryHash
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 20_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Of(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>True when <paramref name="stored"/> is the hash of <paramref name="password"/>; false for anything unreadable.</summary>
    public static bool Matches(string stored, string password)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < 1 or > 10_000_000)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
