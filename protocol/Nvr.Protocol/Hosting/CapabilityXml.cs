using System.Collections.Concurrent;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Serialization;

namespace Nvr.Protocol.Hosting;

/// <summary>
/// Serializes a service's wire capabilities object (the one its GetServiceCapabilities returns) as the
/// &lt;prefix:Capabilities&gt; element GetServices embeds, with the same XmlSerializer SoapCore uses.
/// </summary>
public static class CapabilityXml
{
    private static readonly ConcurrentDictionary<(Type, string), XmlSerializer> Serializers = new();

    public static XElement Serialize(object capabilities, string serviceNamespace)
    {
        var serializer = Serializers.GetOrAdd((capabilities.GetType(), serviceNamespace), key =>
            new XmlSerializer(key.Item1, new XmlRootAttribute("Capabilities") { Namespace = key.Item2 }));
        var document = new XDocument();
        using (var writer = document.CreateWriter())
        {
            var namespaces = new XmlSerializerNamespaces();
            namespaces.Add(string.Empty, serviceNamespace);
            serializer.Serialize(writer, capabilities, namespaces);
        }

        var root = document.Root ?? throw new InvalidOperationException("capabilities serialized to nothing");
        root.Remove();
        foreach (var attribute in root.Attributes().Where(a => a.IsNamespaceDeclaration).ToList())
        {
            attribute.Remove();
        }

        return root;
    }

    /// <summary>xs:boolean as XML writes it.</summary>
    public static string Bool(bool value) => XmlConvert.ToString(value);
}
