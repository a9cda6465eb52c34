using Nvr.Codecs.Aac;
using Nvr.Codecs.Fmp4;
using Nvr.Codecs.G711;
using Nvr.Codecs.Mp4.Reading;

namespace Nvr.Recording.Export;

/// <summary>Turns a track read from a recorded segment back into the description the MP4 writer needs (clear, no protector).</summary>
internal static class ExportTrackMapper
{
    public static TrackDescription Describe(Fmp4Track track)
    {
        byte[] c = track.CodecConfiguration;
        return track.Format switch
        {
            "avc1" or "avc3" => DescribeH264(c),
            "hvc1" or "hev1" => DescribeH265(c),
            "mp4a" => TrackDescription.ForAac(AudioSpecificConfig.Parse(c)),
            "ulaw" => TrackDescription.ForG711(G711Variant.MuLaw, track.SampleRate, track.Channels),
            "alaw" => TrackDescription.ForG711(G711Variant.ALaw, track.SampleRate, track.Channels),
            "metx" => TrackDescription.ForOnvifMetadata(),
            _ => throw new InvalidDataException($"track {track.TrackId}: sample entry '{track.Format}' cannot be exported"),
        };
    }

    /// <summary>Bytes of the NAL length fields of a video track's samples (from avcC/hvcC), 0 for other tracks.</summary>
    public static int NalLengthSize(Fmp4Track track) => track.Format switch
    {
        "avc1" or "avc3" when track.CodecConfiguration.Length > 4 => (track.CodecConfiguration[4] & 3) + 1,
        "hvc1" or "hev1" when track.CodecConfiguration.Length > 21 => (track.CodecConfiguration[21] & 3) + 1,
        _ => 0,
    };

    private static TrackDescription DescribeH264(byte[] c)
    {
        if (c.Length < 7) throw new InvalidDataException("avcC too short");
        int at = 5;
        int spsCount = c[at++] & 0x1F;
        ReadOnlyMemory<byte> sps = default;
        for (int i = 0; i < spsCount; i++)
        {
            int n = (c[at] << 8) | c[at + 1];
            if (i == 0) sps = c.AsMemory(at + 2, n);
            at += 2 + n;
        }

        int ppsCount = c[at++];
        var pps = new List<ReadOnlyMemory<byte>>(ppsCount);
        for (int i = 0; i < ppsCount; i++)
        {
            int n = (c[at] << 8) | c[at + 1];
            pps.Add(c.AsMemory(at + 2, n));
            at += 2 + n;
        }

        if (sps.IsEmpty || pps.Count == 0) throw new InvalidDataException("avcC without SPS or PPS");
        return TrackDescription.ForH264(sps, pps);
    }

    private static TrackDescription DescribeH265(byte[] c)
    {
        if (c.Length < 23) throw new InvalidDataException("hvcC too short");
        int at = 22;
        int arrays = c[at++];
        ReadOnlyMemory<byte> vps = default, sps = default, pps = default;
        for (int a = 0; a < arrays; a++)
        {
            int type = c[at] & 0x3F;
            int count = (c[at + 1] << 8) | c[at + 2];
            at += 3;
            for (int i = 0; i < count; i++)
            {
                int n = (c[at] << 8) | c[at + 1];
                var nal = c.AsMemory(at + 2, n);
                if (i == 0 && type == 32) vps = nal;
                if (i == 0 && type == 33) sps = nal;
                if (i == 0 && type == 34) pps = nal;
                at += 2 + n;
            }
        }

        if (vps.IsEmpty || sps.IsEmpty || pps.IsEmpty) throw new InvalidDataException("hvcC without VPS, SPS or PPS");
        return TrackDescription.ForH265(vps, sps, pps);
    }
}
