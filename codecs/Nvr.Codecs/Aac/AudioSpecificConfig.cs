using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.Aac;

/// <summary>
/// The leading fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1): object type, sampling rate and
/// channel configuration, plus the raw bytes to store in <c>esds</c>.
/// </summary>
/// <param name="AudioObjectType">2 = AAC-LC, 5 = SBR (HE-AAC), 29 = PS.</param>
/// <param name="SampleRate">Sampling frequency in Hz.</param>
/// <param name="ChannelConfiguration">channelConfiguration (1 mono, 2 stereo, ...).</param>
/// <param name="Bytes">The encoded AudioSpecificConfig.</param>
public sealed record AudioSpecificConfig(int AudioObjectType, int SampleRate, int ChannelConfiguration, ReadOnlyMemory<byte> Bytes)
{
    private static readonly int[] Frequencies = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Parses AudioSpecificConfig bytes (e.g. the <c>config=</c> of an RTP MPEG4-GENERIC SDP).</summary>
    public static AudioSpecificConfig Parse(ReadOnlySpan<byte> bytes)
    {
        var r = new BitReader(bytes);
        int aot = (int)r.ReadBits(5);
        if (aot == 31) aot = 32 + (int)r.ReadBits(6);
        int index = (int)r.ReadBits(4);
        int rate = index == 15 ? (int)r.ReadBits(24) : index < Frequencies.Length ? Frequencies[index] : throw new InvalidDataException("Reserved AAC sampling frequency index.");
        int channels = (int)r.ReadBits(4);
        if (aot == 0 || rate == 0) throw new InvalidDataException("Invalid AudioSpecificConfig.");
        return new AudioSpecificConfig(aot, rate, channels, bytes.ToArray());
    }

    /// <summary>Builds the 2-byte AudioSpecificConfig for an object type below 31 and a standard sampling rate.</summary>
    public static AudioSpecificConfig Create(int audioObjectType, int sampleRate, int channelConfiguration)
    {
        int index = Array.IndexOf(Frequencies, sampleRate);
        if (index < 0 || audioObjectType is <= 0 or >= 31 || (uint)channelConfiguration > 15)
            throw new ArgumentException("Unsupported AAC object type, sampling rate or channel configuration.");
        ushort v = (ushort)((audioObjectType << 11) | (index << 7) | (channelConfiguration << 3));
        return new AudioSpecificConfig(audioObjectType, sampleRate, channelConfiguration, new[] { (byte)(v >> 8), (byte)v });
    }

    /// <summary>Number of channels implied by the channel configuration (0 = defined in-band, reported as 2).</summary>
    public int ChannelCount => ChannelConfiguration switch { 0 => 2, 7 => 8, >= 1 and <= 6 => ChannelConfiguration, _ => 2 };
}
