using System.Security.Cryptography;
using System.Text;
using Nvr.Control.Persistence;

namespace Nvr.Protocol.Security;

/// <summary>
/// Seals and opens user passwords with AES-GCM under a 256-bit key kept in the data directory (file mode 0600, made
/// on first use). Passwords must be recoverable (WS-UsernameToken and HTTP Digest hash the clear password with a
/// per-request nonce), so they are encrypted rather than hashed; the journal holds only the sealed form
/// ("v1:" + Base64(nonce | ciphertext | tag)).
/// </summary>
public sealed class PasswordVault
{
    public const string KeyFileName = "user-key";
    private readonly byte[] _key;

    private PasswordVault(byte[] key) => _key = key;

    /// <summary>The vault of <paramref name="dataDirectory"/>: reads its key file or creates it (0600).</summary>
    public static PasswordVault ForDataDirectory(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            SecretFile.WriteNew(path, Convert.ToBase64String(fresh));
        }

        var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return key.Length == 32 ? new PasswordVault(key) : throw new InvalidDataException($"{path} does not hold a 256-bit key");
    }

    /// <summary>
    /// A 256-bit key for <paramref name="purpose"/> derived from the vault's key (HKDF-SHA256), so one key file protects
    /// several kinds of secret without one key opening another's ciphertext.
    /// </summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: null, info: Encoding.UTF8.GetBytes("nvr:" + purpose));

    public string Seal(string password)
    {
        var plain = Encoding.UTF8.GetBytes(password);
        var sealedBytes = new byte[AesGcmBox.SealedLength(plain.Length)];
        AesGcmBox.Seal(_key, plain, sealedBytes);
        return "v1:" + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The clear password, or null when the sealed text is not one this key sealed.</summary>
    public string? Open(string sealedPassword)
    {
        if (!sealedPassword.StartsWith("v1:", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return AesGcmBox.Open(_key, Convert.FromBase64String(sealedPassword[3..])) is { } plain ? Encoding.UTF8.GetString(plain) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>Writes files only their owner may read (mode 0600 from creation on Unix).</summary>
public static class SecretFile
{
    public static void WriteNew(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(text);
    }
}
