using Nvr.Protocol.Security;

namespace Nvr.Protocol.Recording;

/// <summary>The access class of every recording.wsdl operation, as the recording control seed (25.06) states each.</summary>
public static class RecordingAccessClasses
{
    public static IReadOnlyDictionary<string, AccessClass> Table { get; } = new Dictionary<string, AccessClass>(StringComparer.Ordinal)
    {
        ["CreateRecording"] = AccessClass.Actuate,                // 5.4
        ["DeleteRecording"] = AccessClass.Actuate,                // 5.5
        ["GetRecordings"] = AccessClass.ReadMedia,                // 5.6
        ["SetRecordingConfiguration"] = AccessClass.Actuate,      // 5.7
        ["GetRecordingConfiguration"] = AccessClass.ReadMedia,    // 5.8
        ["CreateTrack"] = AccessClass.Actuate,                    // 5.9
        ["DeleteTrack"] = AccessClass.Actuate,                    // 5.10
        ["GetTrackConfiguration"] = AccessClass.ReadMedia,        // 5.11
        ["SetTrackConfiguration"] = AccessClass.Actuate,          // 5.12
        ["CreateRecordingJob"] = AccessClass.Actuate,             // 5.13
        ["DeleteRecordingJob"] = AccessClass.Actuate,             // 5.14
        ["GetRecordingJobs"] = AccessClass.ReadMedia,             // 5.15
        ["SetRecordingJobConfiguration"] = AccessClass.Actuate,   // 5.16
        ["GetRecordingJobConfiguration"] = AccessClass.ReadMedia, // 5.17
        ["SetRecordingJobMode"] = AccessClass.Actuate,            // 5.18
        ["GetRecordingJobState"] = AccessClass.ReadMedia,         // 5.19
        ["GetRecordingOptions"] = AccessClass.ReadMedia,          // 5.20
        ["ExportRecordedData"] = AccessClass.ReadMedia,           // 5.21
        ["StopExportRecordedData"] = AccessClass.ReadMedia,       // 5.22
        ["GetExportRecordedDataState"] = AccessClass.ReadMedia,   // 5.23
        ["OverrideSegmentDuration"] = AccessClass.Actuate,        // 5.24
        ["GetServiceCapabilities"] = AccessClass.PreAuth,         // 5.25
    };
}
