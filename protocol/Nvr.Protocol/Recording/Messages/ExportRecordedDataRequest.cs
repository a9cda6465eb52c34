using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:ExportRecordedData (seed 5.21).</summary>
[MessageContract(WrapperName = "ExportRecordedData", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class ExportRecordedDataRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public DateTime? StartPoint { get; set; }

    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public DateTime? EndPoint { get; set; }

    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 2)]
    public SearchScope? SearchScope { get; set; }

    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 3)]
    public string? FileFormat { get; set; }

    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 4)]
    public StorageReferencePath? StorageDestination { get; set; }
}
