using System.Text;
using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.Fmp4;

/// <summary>Writes <c>ftyp</c> and a sample-less <c>moov</c> with <c>mvex</c>/<c>trex</c> (ISO/IEC 14496-12).</summary>
internal static class MovieBoxWriter
{
    private static readonly uint[] UnityMatrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];

    public static void WriteFileType(BoxWriter w, ReadOnlySpan<byte> majorBrand, IReadOnlyList<string> compatibleBrands)
    {
        int box = w.StartBox("ftyp"u8);
        w.WriteFourCc(majorBrand);
        w.WriteUInt32(0); // minor_version
        foreach (string brand in compatibleBrands) w.WriteFourCc(Encoding.ASCII.GetBytes(brand));
        w.EndBox(box);
    }

    public static void WriteMovie(BoxWriter w, TrackState[] tracks)
    {
        int moov = w.StartBox("moov"u8);
        int mvhd = w.StartFullBox("mvhd"u8, 0, 0);
        w.WriteUInt32(0); // creation_time
        w.WriteUInt32(0); // modification_time
        w.WriteUInt32(1000); // timescale
        w.WriteUInt32(0); // duration: unknown for fragmented files
        w.WriteUInt32(0x00010000); // rate 1.0
        w.WriteUInt16(0x0100); // volume 1.0
        w.WriteZeros(10);
        WriteMatrix(w);
        w.WriteZeros(24); // pre_defined
        w.WriteUInt32((uint)tracks.Length + 1); // next_track_ID
        w.EndBox(mvhd);
        foreach (TrackState t in tracks) WriteTrack(w, t);
        int mvex = w.StartBox("mvex"u8);
        foreach (TrackState t in tracks)
        {
            int trex = w.StartFullBox("trex"u8, 0, 0);
            w.WriteUInt32(t.TrackId);
            w.WriteUInt32(1); // default_sample_description_index
            w.WriteUInt32(0); // default_sample_duration
            w.WriteUInt32(0); // default_sample_size
            w.WriteUInt32(0); // default_sample_flags
            w.EndBox(trex);
        }
        w.EndBox(mvex);
        foreach (TrackState t in tracks) t.Protector?.WriteProtectionSystemHeaders(w);
        w.EndBox(moov);
    }

    private static void WriteTrack(BoxWriter w, TrackState t)
    {
        TrackDescription d = t.Description;
        int trak = w.StartBox("trak"u8);
        int tkhd = w.StartFullBox("tkhd"u8, 0, 3); // track_enabled | track_in_movie
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.WriteUInt32(t.TrackId);
        w.WriteUInt32(0); // reserved
        w.WriteUInt32(0); // duration
        w.WriteZeros(8);
        w.WriteUInt16(0); // layer
        w.WriteUInt16(0); // alternate_group
        w.WriteUInt16(d.Kind == TrackKind.Audio ? (ushort)0x0100 : (ushort)0);
        w.WriteUInt16(0);
        WriteMatrix(w);
        w.WriteUInt32((uint)d.Width << 16);
        w.WriteUInt32((uint)d.Height << 16);
        w.EndBox(tkhd);

        int mdia = w.StartBox("mdia"u8);
        int mdhd = w.StartFullBox("mdhd"u8, 0, 0);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.WriteUInt32(d.Timescale);
        w.WriteUInt32(0);
        w.WriteUInt16(0x55C4); // language "und"
        w.WriteUInt16(0);
        w.EndBox(mdhd);
        int hdlr = w.StartFullBox("hdlr"u8, 0, 0);
        w.WriteUInt32(0);
        w.WriteFourCc(d.Kind switch { TrackKind.Video => "vide"u8, TrackKind.Audio => "soun"u8, _ => "meta"u8 });
        w.WriteZeros(12);
        w.WriteBytes(d.Kind switch { TrackKind.Video => "VideoHandler\0"u8, TrackKind.Audio => "SoundHandler\0"u8, _ => "MetadataHandler\0"u8 });
        w.EndBox(hdlr);

        int minf = w.StartBox("minf"u8);
        if (d.Kind == TrackKind.Video)
        {
            int vmhd = w.StartFullBox("vmhd"u8, 0, 1);
            w.WriteZeros(8);
            w.EndBox(vmhd);
        }
        else if (d.Kind == TrackKind.Audio)
        {
            int smhd = w.StartFullBox("smhd"u8, 0, 0);
            w.WriteZeros(4);
            w.EndBox(smhd);
        }
        else
        {
            w.EndBox(w.StartFullBox("nmhd"u8, 0, 0));
        }
        int dinf = w.StartBox("dinf"u8);
        int dref = w.StartFullBox("dref"u8, 0, 0);
        w.WriteUInt32(1);
        w.EndBox(w.StartFullBox("url "u8, 0, 1)); // media in the same file
        w.EndBox(dref);
        w.EndBox(dinf);

        int stbl = w.StartBox("stbl"u8);
        int stsd = w.StartFullBox("stsd"u8, 0, 0);
        w.WriteUInt32(1);
        SampleEntryWriter.Write(w, d);
        w.EndBox(stsd);
        WriteEmptyTable(w, "stts"u8);
        WriteEmptyTable(w, "stsc"u8);
        int stsz = w.StartFullBox("stsz"u8, 0, 0);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.EndBox(stsz);
        WriteEmptyTable(w, "stco"u8);
        w.EndBox(stbl);
        w.EndBox(minf);
        w.EndBox(mdia);
        w.EndBox(trak);
    }

    private static void WriteEmptyTable(BoxWriter w, ReadOnlySpan<byte> type)
    {
        int b = w.StartFullBox(type, 0, 0);
        w.WriteUInt32(0); // entry_count
        w.EndBox(b);
    }

    private static void WriteMatrix(BoxWriter w)
    {
        foreach (uint v in UnityMatrix) w.WriteUInt32(v);
    }
}
