using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>trc:Capabilities of the recording service (seed 5.25): attributes only.</summary>
[XmlType("Capabilities", Namespace = OnvifNamespaces.Recording)]
public sealed class RecordingServiceCapabilities
{
    [XmlAttribute] public bool DynamicRecordings { get; set; }
    [XmlAttribute] public bool DynamicTracks { get; set; }
    [XmlAttribute] public string? Encoding { get; set; }
    [XmlAttribute] public int MaxRecordingJobs { get; set; }
    [XmlIgnore] public bool MaxRecordingJobsSpecified { get; set; }
    [XmlAttribute] public float MaxRecordings { get; set; }
    [XmlIgnore] public bool MaxRecordingsSpecified { get; set; }
    [XmlAttribute] public bool Options { get; set; }
    [XmlAttribute] public bool MetadataRecording { get; set; }
    [XmlAttribute] public bool EventRecording { get; set; }
    [XmlAttribute] public string? BeforeEventLimit { get; set; }
    [XmlAttribute] public string? AfterEventLimit { get; set; }

    /// <summary>Seed 5.25 ScheduledRecording; absent from the 25.06 WSDL, carried by its xs:anyAttribute.</summary>
    [XmlAttribute] public bool ScheduledRecording { get; set; }
    [XmlAttribute] public string? SupportedTargetFormats { get; set; }
    [XmlAttribute] public int EncryptionEntryLimit { get; set; }
    [XmlIgnore] public bool EncryptionEntryLimitSpecified { get; set; }
    [XmlAttribute] public string? SupportedEncryptionModes { get; set; }
    [XmlAttribute] public bool OverrideSegmentDuration { get; set; }
    [XmlAttribute] public string? SupportedExportFileFormats { get; set; }
}
