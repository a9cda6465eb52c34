using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>trc:JobOptions.</summary>
[XmlType(Namespace = OnvifNamespaces.Recording)]
public sealed class JobOptions
{
    [XmlAttribute] public int Spare { get; set; }
}
