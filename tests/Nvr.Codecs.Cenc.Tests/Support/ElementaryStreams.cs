using Nvr.Codecs.Aac;
using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>Access units of an Annex B video stream and the raw frames of an ADTS AAC stream.</summary>
internal sealed class ElementaryStreams
{
    public required List<VideoAccessUnit> Video { get; init; }

    public required List<ReadOnlyMemory<byte>> AudioFrames { get; init; }

    public required AudioSpecificConfig? AudioConfig { get; init; }

    public required bool IsH265 { get; init; }

    public sealed record VideoAccessUnit(List<ReadOnlyMemory<byte>> Nals, bool IsSync);

    public static ElementaryStreams Load(string videoPath, bool h265, string? aacPath)
    {
        List<ReadOnlyMemory<byte>> nals = NalUnitReader.SplitAnnexB(File.ReadAllBytes(videoPath));
        var aus = new List<VideoAccessUnit>();
        var current = new List<ReadOnlyMemory<byte>>();
        bool hasVcl = false;
        foreach (ReadOnlyMemory<byte> nal in nals)
        {
            ReadOnlySpan<byte> n = nal.Span;
            int type = h265 ? H265Nal.Type(n[0]) : H264Nal.Type(n[0]);
            bool vcl = h265 ? type <= 31 : type is >= 1 and <= 5;
            bool firstSlice = vcl && (h265 ? (n[2] & 0x80) != 0 : (n[1] & 0x80) != 0);
            bool trailing = h265 ? type is 36 or 37 or 38 or 40 : type is 10 or 11 or 12;
            bool startsAu = hasVcl && (firstSlice || (!vcl && !trailing));
            if (startsAu)
            {
                aus.Add(Finish(current, h265));
                current = [];
                hasVcl = false;
            }

            current.Add(nal);
            hasVcl |= vcl;
        }

        if (current.Count > 0) aus.Add(Finish(current, h265));

        var frames = new List<ReadOnlyMemory<byte>>();
        AudioSpecificConfig? config = null;
        if (aacPath is not null)
        {
            byte[] aac = File.ReadAllBytes(aacPath);
            int pos = 0;
            while (AdtsReader.TryReadFrame(aac, ref pos, out Range raw, out AudioSpecificConfig c))
            {
                frames.Add(aac.AsMemory()[raw]);
                config ??= c;
            }
        }

        return new ElementaryStreams { Video = aus, AudioFrames = frames, AudioConfig = config, IsH265 = h265 };
    }

    public ReadOnlyMemory<byte> FindNal(int type)
    {
        foreach (VideoAccessUnit au in Video)
        {
            foreach (ReadOnlyMemory<byte> n in au.Nals)
            {
                int t = IsH265 ? H265Nal.Type(n.Span[0]) : H264Nal.Type(n.Span[0]);
                if (t == type) return n;
            }
        }

        throw new InvalidDataException($"no NAL unit of type {type}");
    }

    private static VideoAccessUnit Finish(List<ReadOnlyMemory<byte>> nals, bool h265)
    {
        bool sync = nals.Exists(n => h265 ? H265Nal.Type(n.Span[0]) is >= 16 and <= 21 : H264Nal.Type(n.Span[0]) == H264Nal.Idr);
        return new VideoAccessUnit(nals, sync);
    }
}
