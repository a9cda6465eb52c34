using Nvr.Control.Recordings;
using Wire = Nvr.Protocol.Recording.Schema;

namespace Nvr.Protocol.Recording;

/// <summary>
/// The recording service capabilities (seed 5.25), advertising what works at this commit: dynamic recordings and
/// tracks, options, the enforced limits, the encodings the engine records, metadata recording, scheduled recording,
/// the Annex B target formats, encryption (CENC/CBCS, entries per recording), OverrideSegmentDuration and event
/// recording with its Before/After limits. SupportedExportFileFormats: MP4 (5.21).
/// </summary>
public static class RecordingCapabilities
{
    public static Wire.RecordingServiceCapabilities From(ControlLimits limits) => new()
    {
        DynamicRecordings = true,
        DynamicTracks = true,
        Encoding = "H264 H265 AAC G711",
        MaxRecordings = limits.MaxRecordings,
        MaxRecordingsSpecified = true,
        MaxRecordingJobs = limits.MaxRecordingJobs,
        MaxRecordingJobsSpecified = true,
        Options = true,
        MetadataRecording = true,
        EventRecording = true,
        BeforeEventLimit = System.Xml.XmlConvert.ToString(limits.BeforeEventLimit),
        AfterEventLimit = System.Xml.XmlConvert.ToString(limits.AfterEventLimit),
        ScheduledRecording = true,
        SupportedTargetFormats = string.Join(' ', limits.TargetFormats.Order(StringComparer.Ordinal)),
        EncryptionEntryLimit = limits.EncryptionEntryLimit,
        EncryptionEntryLimitSpecified = true,
        SupportedEncryptionModes = string.Join(' ', limits.EncryptionModes.Order(StringComparer.Ordinal)),
        OverrideSegmentDuration = true,
        SupportedExportFileFormats = string.Join(' ', ExportWireMapper.SupportedFormats),
    };
}
