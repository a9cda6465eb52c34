using System.Collections.Concurrent;
using System.Xml.Linq;
using System.Xml.Serialization;
using Nvr.Control.Events;
using Nvr.Control.Notifications;
using Nvr.Protocol.Recording;
using Nvr.Protocol.Soap;
using Nvr.Recording.Triggers;
using Model = Nvr.Control.Recordings.Model;

namespace Nvr.Protocol.Events;

/// <summary>
/// Writes queued notifications as wsnt:NotificationMessage elements: the topic in the ConcreteSet dialect, the
/// tt:Message with UtcTime (Z), PropertyOperation, Source/Key/Data simple items and element items serialized as
/// the ONVIF types (keys never appear: the wire types carry no Key). A gap in a subscription's queue is written as
/// one extra message on the appliance topic <c>nvr:EventService/MessagesDropped</c> with the count.
/// </summary>
public static class NotificationMessageWriter
{
    public const string DroppedTopic = "EventService/MessagesDropped";

    private static readonly ConcurrentDictionary<(Type, string), XmlSerializer> Serializers = new();

    public static IEnumerable<XElement> Write(IReadOnlyList<Notification> notifications, DateTimeOffset now)
    {
        foreach (var notification in notifications)
        {
            if (notification.DroppedBefore > 0)
            {
                yield return Gap(notification.DroppedBefore, now);
            }

            yield return Write(notification.Event, notification.PropertyOperation, now);
        }
    }

    public static XElement Write(OnvifEvent e, string? propertyOperation, DateTimeOffset now)
    {
        var message = new XElement(EventXml.Tt + "Message", new XAttribute("UtcTime", EventXml.Utc(e.UtcTime)));
        if (propertyOperation is not null)
        {
            message.Add(new XAttribute("PropertyOperation", propertyOperation));
        }

        message.Add(Items("Source", e.MessageSourceItems, []));
        if (e.KeyItems.Count > 0)
        {
            message.Add(Items("Key", e.KeyItems, []));
        }

        message.Add(Items("Data", e.DataItems, e.ElementItems.Select(i => Element(i, now)).OfType<XElement>()));
        return Holder(Topic(e.Topic), message);
    }

    private static XElement Gap(long dropped, DateTimeOffset now) => Holder(
        new XElement(EventXml.Wsnt + "Topic", new XAttribute("Dialect", EventXml.ConcreteSetDialect),
            new XAttribute(XNamespace.Xmlns + "nvr", EventXml.Nvr.NamespaceName), "nvr:" + DroppedTopic),
        new XElement(EventXml.Tt + "Message", new XAttribute("UtcTime", EventXml.Utc(now)),
            new XElement(EventXml.Tt + "Source"),
            new XElement(EventXml.Tt + "Data", SimpleItem("Count", dropped.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

    private static XElement Holder(XElement topic, XElement message) =>
        new(EventXml.Wsnt + "NotificationMessage", topic, new XElement(EventXml.Wsnt + "Message", message));

    private static XElement Topic(string topic)
    {
        var text = topic.Contains(':', StringComparison.Ordinal) ? topic : "tns1:" + topic;
        var element = new XElement(EventXml.Wsnt + "Topic", new XAttribute("Dialect", EventXml.ConcreteSetDialect),
            new XAttribute(XNamespace.Xmlns + "tns1", EventXml.Tns1.NamespaceName), text);
        if (text.StartsWith("nvr:", StringComparison.Ordinal))
        {
            element.Add(new XAttribute(XNamespace.Xmlns + "nvr", EventXml.Nvr.NamespaceName));
        }

        return element;
    }

    private static XElement Items(string part, IReadOnlyList<EventItem> simple, IEnumerable<XElement> elements) =>
        new(EventXml.Tt + part, simple.Select(i => SimpleItem(i.Name, i.Value)), elements);

    private static XElement SimpleItem(string name, string value) =>
        new(EventXml.Tt + "SimpleItem", new XAttribute("Name", name), new XAttribute("Value", value));

    private static XElement? Element(EventElementItem item, DateTimeOffset now)
    {
        XElement? payload = item.Value switch
        {
            Model.JobStateInformation information => Serialize(RecordingJobWireMapper.ToWire(information), "RecordingJobStateInformation"),
            Model.RecordingConfiguration configuration => Serialize(RecordingWireMapper.ToWire(configuration, now), "RecordingConfiguration"),
            Model.TrackConfiguration configuration => Serialize(RecordingWireMapper.ToWire(configuration), "TrackConfiguration"),
            Model.RecordingJobConfiguration configuration => Serialize(RecordingJobWireMapper.ToWire(configuration), "RecordingJobConfiguration"),
            IReadOnlyList<Nvr.Control.Exports.ExportFileProgress> files => Serialize(ExportWireMapper.ToWire(files), "FileProgressStatus"),
            _ => null,
        };
        return payload is null ? null : new XElement(EventXml.Tt + "ElementItem", new XAttribute("Name", item.Name), payload);
    }

    private static XElement Serialize(object wire, string elementName)
    {
        var serializer = Serializers.GetOrAdd((wire.GetType(), elementName),
            key => new XmlSerializer(key.Item1, new XmlRootAttribute(key.Item2) { Namespace = OnvifNamespaces.Schema }));
        var document = new XDocument();
        using (var writer = document.CreateWriter())
        {
            var namespaces = new XmlSerializerNamespaces();
            namespaces.Add("tt", OnvifNamespaces.Schema);
            serializer.Serialize(writer, wire, namespaces);
        }

        return document.Root!;
    }
}
