using System.ServiceModel.Channels;
using System.Xml;

namespace Nvr.Protocol.Soap;

/// <summary>Writes an env:Fault with the nested env:Subcode chain ONVIF requires (SOAP 1.2 part 1, 5.4).</summary>
public sealed class OnvifFaultBodyWriter : BodyWriter
{
    private readonly OnvifFaultException _fault;

    public OnvifFaultBodyWriter(OnvifFaultException fault)
        : base(isBuffered: true) => _fault = fault;

    public static void WriteFault(XmlWriter writer, OnvifFaultException fault)
    {
        writer.WriteStartElement("env", "Fault", OnvifNamespaces.Envelope);
        writer.WriteAttributeString("xmlns", "ter", null, OnvifNamespaces.Error);
        writer.WriteStartElement("env", "Code", OnvifNamespaces.Envelope);
        writer.WriteElementString("env", "Value", OnvifNamespaces.Envelope, "env:" + fault.Code);
        foreach (var subcode in fault.Subcodes)
        {
            writer.WriteStartElement("env", "Subcode", OnvifNamespaces.Envelope);
            writer.WriteElementString("env", "Value", OnvifNamespaces.Envelope, "ter:" + subcode);
        }

        foreach (var unused in fault.Subcodes)
        {
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteStartElement("env", "Reason", OnvifNamespaces.Envelope);
        writer.WriteStartElement("env", "Text", OnvifNamespaces.Envelope);
        writer.WriteAttributeString("xml", "lang", "http://www.w3.org/XML/1998/namespace", "en");
        writer.WriteString(fault.Message);
        writer.WriteEndElement();
        writer.WriteEndElement();
        if (fault.Detail is not null)
        {
            writer.WriteStartElement("env", "Detail", OnvifNamespaces.Envelope);
            fault.Detail.WriteTo(writer);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    protected override void OnWriteBodyContents(XmlDictionaryWriter writer) => WriteFault(writer, _fault);
}
