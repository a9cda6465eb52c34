using System.Xml;

namespace Nvr.Recording.Triggers;

/// <summary>
/// Reads the notifications a camera sends in its ONVIF metadata stream (tt:MetadataStream/tt:Event/
/// wsnt:NotificationMessage: topic, tt:Message UtcTime and PropertyOperation, Source and Data items) as
/// <see cref="CameraNotification"/>s, so that camera motion or input events can trigger event recording (seed 5.3.4).
/// It runs on the ingest thread: documents without a notification are skipped by a byte scan; a document that is
/// not well-formed yields nothing.
/// </summary>
public static class MetadataEventReader
{
    private const string Schema = "http://www.onvif.org/ver10/schema";
    private const string Notification = "http://docs.oasis-open.org/wsn/b-2";
    private const string TopicNamespace = "http://www.onvif.org/ver10/topics";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
        MaxCharactersInDocument = 1 << 20,
    };

    /// <summary>The notifications in one metadata document; <paramref name="arrival"/> stands in for a missing UtcTime.</summary>
    public static IReadOnlyList<CameraNotification> Read(ReadOnlySpan<byte> document, DateTimeOffset arrival)
    {
        // most metadata documents are analytics frames without notifications: skip them without parsing or allocating
        if (document.IndexOf("NotificationMessage"u8) < 0)
        {
            return [];
        }

        var events = new List<CameraNotification>();
        try
        {
            var xml = new XmlDocument { XmlResolver = null };
            using (var stream = new MemoryStream(document.ToArray(), writable: false))
            using (var reader = XmlReader.Create(stream, Settings))
            {
                xml.Load(reader);
            }

            var namespaces = new XmlNamespaceManager(xml.NameTable);
            namespaces.AddNamespace("tt", Schema);
            namespaces.AddNamespace("wsnt", Notification);
            foreach (XmlElement message in xml.SelectNodes("//wsnt:NotificationMessage", namespaces)!)
            {
                if (Read(message, namespaces, arrival) is { } notification)
                {
                    events.Add(notification);
                }
            }
        }
        catch (Exception e) when (e is XmlException or ArgumentException)
        {
            // XmlDocument reports a malformed XML declaration (version, encoding, standalone) as ArgumentException
            return [];
        }

        return events;
    }

    private static CameraNotification? Read(XmlElement notification, XmlNamespaceManager namespaces, DateTimeOffset arrival)
    {
        var topicElement = notification.SelectSingleNode("wsnt:Topic", namespaces) as XmlElement;
        var topic = topicElement is null ? null : CanonicalTopic(topicElement, topicElement.InnerText.Trim());
        if (string.IsNullOrEmpty(topic) || notification.SelectSingleNode("wsnt:Message/tt:Message", namespaces) is not XmlElement message)
        {
            return null;
        }

        var utc = DateTimeOffset.TryParse(message.GetAttribute("UtcTime"), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUniversalTime() : arrival;
        var operation = message.GetAttribute("PropertyOperation");
        return new CameraNotification(topic, utc, operation.Length == 0 ? null : operation,
            Items(message, "tt:Source/tt:SimpleItem", namespaces), Items(message, "tt:Data/tt:SimpleItem", namespaces));
    }

    /// <summary>
    /// The topic with the ONVIF topic namespace written as <c>tns1:</c> whatever prefix the camera bound it to (filters,
    /// the event service and the index spell it so); other prefixes are kept as the camera wrote them.
    /// </summary>
    private static string CanonicalTopic(XmlElement element, string topic)
    {
        var colon = topic.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || topic.AsSpan(0, colon).SequenceEqual("tns1"))
        {
            return topic;
        }

        return element.GetNamespaceOfPrefix(topic[..colon]) == TopicNamespace ? "tns1" + topic[colon..] : topic;
    }

    private static List<EventItem> Items(XmlElement message, string path, XmlNamespaceManager namespaces)
    {
        var items = new List<EventItem>();
        foreach (XmlElement item in message.SelectNodes(path, namespaces)!)
        {
            items.Add(new EventItem(item.GetAttribute("Name"), item.GetAttribute("Value")));
        }

        return items;
    }
}
