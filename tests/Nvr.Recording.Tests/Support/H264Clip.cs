using Nvr.Codecs.Bitstream;

namespace Nvr.Recording.Tests.Support;

/// <summary>
/// An H.264 Annex B clip without B-frames (the video-only test clip) cut into access units: non-VCL NAL units are
/// attached to the next slice (one slice per picture). SPS/PPS are the first ones found.
/// </summary>
public sealed class H264Clip
{
    private H264Clip(List<ClipFrame> frames, byte[] sps, byte[] pps)
    {
        Frames = frames;
        Sps = sps;
        Pps = pps;
    }

    public IReadOnlyList<ClipFrame> Frames { get; }

    public byte[] Sps { get; }

    public byte[] Pps { get; }

    public static H264Clip Load(string path)
    {
        var nals = NalUnitReader.SplitAnnexB(File.ReadAllBytes(path));
        var frames = new List<ClipFrame>();
        var pending = new List<byte[]>();
        byte[]? sps = null, pps = null;
        foreach (var nal in nals)
        {
            int type = H264Nal.Type(nal.Span[0]);
            var bytes = nal.ToArray();
            if (type == 7)
            {
                sps ??= bytes;
            }
            else if (type == 8)
            {
                pps ??= bytes;
            }

            pending.Add(bytes);
            if (type is 1 or 5)
            {
                frames.Add(new ClipFrame([.. pending], type == 5));
                pending.Clear();
            }
        }

        return new H264Clip(frames, sps ?? throw new InvalidDataException("no SPS"), pps ?? throw new InvalidDataException("no PPS"));
    }
}
