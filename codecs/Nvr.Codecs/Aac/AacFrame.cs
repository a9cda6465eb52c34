namespace Nvr.Codecs.Aac;

/// <summary>Framing facts of AAC access units (ISO/IEC 14496-3 4.5.1.1).</summary>
public static class AacFrame
{
    /// <summary>PCM samples per channel one AAC-LC access unit decodes to (the frame length of the usual 1024-sample window).</summary>
    public const int SamplesPerFrame = 1024;
}
