using System.ServiceModel.Channels;
using System.Text;
using System.Xml;

namespace Nvr.Protocol.Soap;

/// <summary>Writes an env:Fault with the nested env:Subcode chain ONVIF requires (SOAP 1.2 part 1, 5.4).</summary>
public sealed class OnvifFaultBodyWriter : BodyWriter
{
    private readonly OnvifFaultException _fault;

    public OnvifFaultBodyWriter(OnvifFaultException fault)
        : base(isBuffered: true) => _fault = fault;

    /// <summary>
    /// The text with the characters XML 1.0 cannot carry (control characters, lone surrogates) replaced by U+FFFD:
    /// fault reasons quote client input (an XML parser's message about a bad character quotes that character).
    /// </summary>
    public static string XmlText(string text)
    {
        StringBuilder? safe = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (XmlConvert.IsXmlChar(c))
            {
                safe?.Append(c);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c))
            {
                safe?.Append(c).Append(text[i + 1]);
                i++;
            }
            else
            {
                safe ??= new StringBuilder(text.Length).Append(text, 0, i);
                safe.Append('\uFFFD');
            }
        }

        return safe?.ToString() ?? text;
    }

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
        writer.WriteString(XmlText(fault.Message));
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
