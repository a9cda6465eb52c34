namespace Nvr.Codecs.Aac;

/// <summary>
/// Reads ADTS-framed AAC (ISO/IEC 13818-7 / 14496-3 ADTS): returns the raw access units without headers, as an RTP
/// depacketizer would deliver them. Used for tests and tools fed from ffmpeg-made <c>.aac</c> streams.
/// </summary>
public static class AdtsReader
{
    /// <summary>
    /// Reads the ADTS frame at <paramref name="position"/>: <paramref name="rawFrame"/> is the access unit without
    /// header/CRC. Returns false at the end; throws <see cref="InvalidDataException"/> on a broken header.
    /// </summary>
    public static bool TryReadFrame(ReadOnlySpan<byte> stream, ref int position, out Range rawFrame, out AudioSpecificConfig config)
    {
        rawFrame = default;
        config = null!;
        if (position >= stream.Length) return false;
        ReadOnlySpan<byte> h = stream.Slice(position);
        if (h.Length < 7 || h[0] != 0xFF || (h[1] & 0xF6) != 0xF0) throw new InvalidDataException("No ADTS sync word.");
        bool noCrc = (h[1] & 1) != 0;
        int profile = h[2] >> 6;
        int rateIndex = (h[2] >> 2) & 0xF;
        int channels = ((h[2] & 1) << 2) | (h[3] >> 6);
        int length = ((h[3] & 3) << 11) | (h[4] << 3) | (h[5] >> 5);
        int header = noCrc ? 7 : 9;
        if (length < header || length > h.Length) throw new InvalidDataException("Truncated ADTS frame.");
        if ((h[6] & 3) != 0) throw new InvalidDataException("ADTS frames with several raw data blocks are not supported.");
        config = AudioSpecificConfig.Create(profile + 1, RateOf(rateIndex), channels);
        rawFrame = (position + header)..(position + length);
        position += length;
        return true;
    }

    private static int RateOf(int index) => index switch
    {
        0 => 96000, 1 => 88200, 2 => 64000, 3 => 48000, 4 => 44100, 5 => 32000, 6 => 24000,
        7 => 22050, 8 => 16000, 9 => 12000, 10 => 11025, 11 => 8000, 12 => 7350,
        _ => throw new InvalidDataException("Reserved ADTS sampling frequency index."),
    };
}
