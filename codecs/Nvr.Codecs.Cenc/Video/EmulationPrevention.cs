namespace Nvr.Codecs.Cenc.Video;

/// <summary>Maps RBSP byte counts back to NAL unit byte counts (emulation-prevention bytes 00 00 03 re-inserted).</summary>
internal static class EmulationPrevention
{
    /// <summary>Number of NAL bytes that hold the first <paramref name="rbspBytes"/> RBSP bytes.</summary>
    public static int NalOffset(ReadOnlySpan<byte> nal, int rbspBytes)
    {
        int zeros = 0, kept = 0, i = 0;
        for (; i < nal.Length && kept < rbspBytes; i++)
        {
            byte b = nal[i];
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            kept++;
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return kept < rbspBytes ? nal.Length + 1 : i;
    }
}
