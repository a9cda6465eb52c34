using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Nvr.Scheduling.Faults;

namespace Nvr.Scheduling.Book;

/// <summary>
/// Opaque, tamper-evident paging references: base64url of [kind][issued-at ms][last token], followed by a
/// truncated HMAC-SHA256 under a key that lives only in memory. A reference that was altered, was issued by
/// another book instance (e.g. before a restart), belongs to another list, or is older than the lifetime is refused
/// with InvalidStartReference.
/// </summary>
internal sealed class StartReferenceCodec(TimeProvider time, TimeSpan lifetime)
{
    private const int MacLength = 16;
    private const int HeaderLength = 1 + 8;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Encode(byte kind, string lastToken)
    {
        var tokenBytes = Encoding.UTF8.GetBytes(lastToken);
        var buffer = new byte[HeaderLength + tokenBytes.Length + MacLength];
        buffer[0] = kind;
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(1), time.GetUtcNow().ToUnixTimeMilliseconds());
        tokenBytes.CopyTo(buffer, HeaderLength);
        var payload = buffer.AsSpan(0, buffer.Length - MacLength);
        HMACSHA256.HashData(_key, payload)[..MacLength].CopyTo(buffer.AsSpan(payload.Length));
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Returns the last token of the previous page or throws InvalidStartReference.</summary>
    public string Decode(byte kind, string reference)
    {
        var bytes = FromBase64Url(reference);
        if (bytes is null || bytes.Length < HeaderLength + MacLength)
        {
            throw ScheduleFaults.InvalidStartReference("not a reference issued by this device");
        }

        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        var expected = HMACSHA256.HashData(_key, payload).AsSpan(0, MacLength);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(payload.Length)))
        {
            throw ScheduleFaults.InvalidStartReference("not a reference issued by this device");
        }

        if (bytes[0] != kind)
        {
            throw ScheduleFaults.InvalidStartReference("the reference belongs to another list");
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1)));
        if (time.GetUtcNow() - issued > lifetime)
        {
            throw ScheduleFaults.InvalidStartReference("the reference has expired");
        }

        return Encoding.UTF8.GetString(payload[HeaderLength..]);
    }

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length > 512)
        {
            return null;
        }

        var s = text.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
