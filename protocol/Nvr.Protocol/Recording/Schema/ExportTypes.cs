using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:SearchScope (the parts an export uses; RecordingInformationFilter is read to refuse it clearly).</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class SearchScope
{
    [XmlElement("IncludedSources", Order = 0)] public List<SourceReference> IncludedSources { get; set; } = [];
    [XmlElement("IncludedRecordings", Order = 1)] public List<string> IncludedRecordings { get; set; } = [];
    [XmlElement(Order = 2)] public string? RecordingInformationFilter { get; set; }
}

/// <summary>tt:StorageReferencePath.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class StorageReferencePath
{
    [XmlElement(Order = 0)] public string StorageToken { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string? RelativePath { get; set; }
}

/// <summary>tt:FileProgress.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class FileProgress
{
    [XmlElement(Order = 0)] public string FileName { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public float Progress { get; set; }
}

/// <summary>tt:ArrayOfFileProgress.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class ArrayOfFileProgress
{
    [XmlElement("FileProgress", Order = 0)] public List<FileProgress> FileProgress { get; set; } = [];
}
