using Nvr.Codecs.H264;
using Nvr.Codecs.H265;
using Nvr.Codecs.Mp4;
using Nvr.Codecs.OnvifMetadata;

namespace Nvr.Codecs.Fmp4;

/// <summary>Writes the one sample entry of a track's <c>stsd</c> (clear, or <c>encv</c>/<c>enca</c> via the protector).</summary>
internal static class SampleEntryWriter
{
    public static void Write(BoxWriter w, TrackDescription d)
    {
        ReadOnlySpan<byte> format = d.Codec switch
        {
            MediaCodec.H264 => AvcDecoderConfigurationRecord.SampleEntryType,
            MediaCodec.H265 => HevcDecoderConfigurationRecord.SampleEntryType,
            MediaCodec.Aac => "mp4a"u8,
            MediaCodec.Pcmu => "ulaw"u8,
            MediaCodec.Pcma => "alaw"u8,
            _ => "metx"u8,
        };
        ITrackProtector? protector = d.Kind == TrackKind.Metadata ? null : d.Protector;
        ReadOnlySpan<byte> type = protector is null ? format : d.Kind == TrackKind.Video ? "encv"u8 : "enca"u8;
        int entry = w.StartBox(type);
        w.WriteZeros(6); // reserved
        w.WriteUInt16(1); // data_reference_index
        switch (d.Kind)
        {
            case TrackKind.Video:
                WriteVisual(w, d);
                break;
            case TrackKind.Audio:
                WriteAudio(w, d);
                break;
            default:
                // XMLMetaDataSampleEntry: content_encoding, namespace, schema_location (null-terminated UTF-8).
                w.WriteUInt8(0);
                w.WriteBytes(OnvifMetadataFormat.XmlNamespaceUtf8);
                w.WriteUInt8(0);
                w.WriteUInt8(0);
                break;
        }
        protector?.WriteProtectionSchemeInfo(w, format);
        w.EndBox(entry);
    }

    private static void WriteVisual(BoxWriter w, TrackDescription d)
    {
        w.WriteUInt16(0); // pre_defined
        w.WriteUInt16(0); // reserved
        w.WriteZeros(12); // pre_defined
        w.WriteUInt16((ushort)d.Width);
        w.WriteUInt16((ushort)d.Height);
        w.WriteUInt32(0x00480000); // 72 dpi
        w.WriteUInt32(0x00480000);
        w.WriteUInt32(0); // reserved
        w.WriteUInt16(1); // frame_count
        w.WriteZeros(32); // compressorname
        w.WriteUInt16(0x0018); // depth
        w.WriteUInt16(0xFFFF); // pre_defined = -1
        int config = w.StartBox(d.Codec == MediaCodec.H264 ? AvcDecoderConfigurationRecord.BoxType : HevcDecoderConfigurationRecord.BoxType);
        w.WriteBytes(d.CodecConfiguration.Span);
        w.EndBox(config);
    }

    private static void WriteAudio(BoxWriter w, TrackDescription d)
    {
        w.WriteZeros(8); // reserved
        w.WriteUInt16((ushort)d.Channels);
        w.WriteUInt16(16); // samplesize
        w.WriteUInt16(0); // pre_defined
        w.WriteUInt16(0); // reserved
        w.WriteUInt32((uint)Math.Min(d.SampleRate, 65535) << 16);
        if (d.Codec == MediaCodec.Aac) WriteEsds(w, d.CodecConfiguration.Span);
    }

    /// <summary>ES_Descriptor (ISO/IEC 14496-1 7.2.6.5) with the AudioSpecificConfig as DecoderSpecificInfo.</summary>
    private static void WriteEsds(BoxWriter w, ReadOnlySpan<byte> asc)
    {
        int esds = w.StartFullBox("esds"u8, 0, 0);
        int decSpecific = 2 + asc.Length;
        int decConfig = 13 + decSpecific;
        int slConfig = 3;
        w.WriteUInt8(0x03); // ES_DescrTag
        w.WriteUInt8(checked((byte)(3 + 2 + decConfig + slConfig)));
        w.WriteUInt16(0); // ES_ID
        w.WriteUInt8(0); // flags
        w.WriteUInt8(0x04); // DecoderConfigDescrTag
        w.WriteUInt8(checked((byte)decConfig));
        w.WriteUInt8(0x40); // objectTypeIndication: MPEG-4 audio
        w.WriteUInt8(0x15); // streamType audio (5) << 2 | upStream 0 | reserved 1
        w.WriteUInt24(0); // bufferSizeDB
        w.WriteUInt32(0); // maxBitrate
        w.WriteUInt32(0); // avgBitrate
        w.WriteUInt8(0x05); // DecSpecificInfoTag
        w.WriteUInt8(checked((byte)asc.Length));
        w.WriteBytes(asc);
        w.WriteUInt8(0x06); // SLConfigDescrTag
        w.WriteUInt8(1);
        w.WriteUInt8(2); // predefined: MP4
        w.EndBox(esds);
    }
}
