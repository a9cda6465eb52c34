namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>Strict hexadecimal decoding for keys and key identifiers.</summary>
internal static class HexBytes
{
    /// <summary>Decodes <paramref name="hex"/> into exactly <paramref name="destination"/>.Length bytes.</summary>
    public static void Parse(string? hex, Span<byte> destination, string what)
    {
        if (hex is null)
        {
            throw new InvalidEncryptionConfigurationException($"The {what} is missing.", what);
        }

        int nibbles = 0;
        int expected = destination.Length * 2;
        foreach (char c in hex)
        {
            if (c == '-')
            {
                continue;
            }

            int v = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                throw new InvalidEncryptionConfigurationException($"The {what} must be hexadecimal; found '{c}'.", what);
            }

            if (nibbles >= expected)
            {
                nibbles++;
                continue;
            }

            if ((nibbles & 1) == 0)
            {
                destination[nibbles >> 1] = (byte)(v << 4);
            }
            else
            {
                destination[nibbles >> 1] |= (byte)v;
            }

            nibbles++;
        }

        if (nibbles != expected)
        {
            throw new InvalidEncryptionConfigurationException(
                $"The {what} must be {destination.Length} bytes ({expected} hexadecimal digits); got {nibbles} digits.", what);
        }
    }
}
