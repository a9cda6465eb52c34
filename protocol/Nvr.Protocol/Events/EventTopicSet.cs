using System.Xml.Linq;

namespace Nvr.Protocol.Events;

/// <summary>
/// Every topic this appliance emits with its tt:MessageDescription (seed 5.26, Schedule 6, Recording Search
/// recording history, Receiver, and the appliance's own <c>nvr:</c> topics), written as a wstop:TopicSet. Camera topics relayed from receivers' metadata streams
/// are not known in advance, so the topic set is not fixed (FixedTopicSet false).
/// </summary>
public static class EventTopicSet
{
    private static readonly (string Name, string Type)[] None = [];

    public static IReadOnlyList<TopicDescription> Topics { get; } =
    [
        new("RecordingConfig/JobState", true, [("RecordingJobToken", "tt:RecordingJobReference")], [("State", "xs:string")], [("Information", "tt:RecordingJobStateInformation")]),
        new("RecordingConfig/RecordingConfiguration", false, [("RecordingToken", "tt:RecordingReference")], None, [("Configuration", "tt:RecordingConfiguration")]),
        new("RecordingConfig/TrackConfiguration", false, [("RecordingToken", "tt:RecordingReference"), ("TrackToken", "tt:TrackReference")], None, [("Configuration", "tt:TrackConfiguration")]),
        new("RecordingConfig/RecordingJobConfiguration", false, [("RecordingJobToken", "tt:RecordingJobReference")], None, [("Configuration", "tt:RecordingJobConfiguration")]),
        new("RecordingConfig/DeleteTrackData", false, [("RecordingToken", "tt:RecordingReference"), ("TrackToken", "tt:TrackReference")], [("StartTime", "xs:dateTime"), ("EndTime", "xs:dateTime")], None),
        new("RecordingConfig/CreateRecording", false, [("RecordingToken", "tt:RecordingReference")], None, None),
        new("RecordingConfig/DeleteRecording", false, [("RecordingToken", "tt:RecordingReference")], None, None),
        new("RecordingConfig/CreateTrack", false, [("RecordingToken", "tt:RecordingReference"), ("TrackToken", "tt:TrackReference")], None, None),
        new("RecordingConfig/DeleteTrack", false, [("RecordingToken", "tt:RecordingReference"), ("TrackToken", "tt:TrackReference")], None, None),
        new("RecordingHistory/Recording/State", true, [("RecordingToken", "tt:ReferenceToken")], [("IsRecording", "xs:boolean")], None),
        new("RecordingHistory/Track/State", true, [("RecordingToken", "tt:ReferenceToken"), ("Track", "tt:ReferenceToken")], [("IsDataPresent", "xs:boolean")], None),
        new("Schedule/State/Active", true, [("ScheduleToken", "pt:ReferenceToken"), ("Name", "xs:string")], [("Active", "xs:boolean"), ("SpecialDay", "xs:boolean")], None),
        new("Configuration/Schedule/Changed", false, [("ScheduleToken", "pt:ReferenceToken")], None, None),
        new("Configuration/Schedule/Removed", false, [("ScheduleToken", "pt:ReferenceToken")], None, None),
        new("Configuration/SpecialDays/Changed", false, [("SpecialDaysToken", "pt:ReferenceToken")], None, None),
        new("Configuration/SpecialDays/Removed", false, [("SpecialDaysToken", "pt:ReferenceToken")], None, None),
        new("Monitoring/AsynchronousOperationStatus", true, [("Token", "tt:ReferenceToken"), ("OperationName", "xs:string"), ("ServiceName", "xs:string")], [("Progress", "xs:float")], [("FileProgressStatus", "tt:ArrayOfFileProgress")]),
        new("Receiver/ChangeState", true, [("ReceiverToken", "tt:ReferenceToken")], [("NewState", "tt:ReceiverState")], None),
        new("Device/SecurityPolicy/AuthFailed", false, [("NetworkInterface", "tt:ReferenceToken")], [("SourceIPv4", "tt:IPv4Address"), ("SourceIPv6", "tt:IPv6Address")], None),
    ];

    /// <summary>
    /// The appliance's own topics (namespace <see cref="EventXml.Nvr"/>, prefix <c>nvr</c>): receiver connection
    /// failures (no ONVIF topic names them) and the gap marker of an overflowing subscription.
    /// </summary>
    public static IReadOnlyList<TopicDescription> ApplianceTopics { get; } =
    [
        new("Receiver/ConnectionFailed", false, [("ReceiverToken", "tt:ReferenceToken")], [("Reason", "xs:string"), ("StatusCode", "xs:int")], None),
        new(NotificationMessageWriter.DroppedTopic, false, None, [("Count", "xs:long")], None),
    ];

    public static XElement TopicSet()
    {
        var set = new XElement(EventXml.Wstop + "TopicSet",
            new XAttribute(XNamespace.Xmlns + "tns1", EventXml.Tns1.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "nvr", EventXml.Nvr.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "xs", "http://www.w3.org/2001/XMLSchema"),
            new XAttribute(XNamespace.Xmlns + "pt", "http://www.onvif.org/ver10/pacs"));
        foreach (var topic in Topics)
        {
            Leaf(set, EventXml.Tns1, topic.Path).Add(topic.Describe());
        }

        foreach (var topic in ApplianceTopics)
        {
            Leaf(set, EventXml.Nvr, topic.Path).Add(topic.Describe());
        }

        return set;
    }

    private static XElement Leaf(XElement set, XNamespace ns, string path)
    {
        var node = set;
        foreach (var segment in path.Split('/'))
        {
            var child = node.Element(ns + segment);
            if (child is null)
            {
                child = new XElement(ns + segment);
                node.Add(child);
            }

            node = child;
        }

        node.SetAttributeValue(EventXml.Wstop + "topic", "true");
        return node;
    }
}

/// <summary>One topic and its message description (Source, Data simple items and Data element items with types).</summary>
public sealed record TopicDescription(
    string Path, bool IsProperty, IReadOnlyList<(string Name, string Type)> Source,
    IReadOnlyList<(string Name, string Type)> Data, IReadOnlyList<(string Name, string Type)> Elements)
{
    public XElement Describe() => new(EventXml.Tt + "MessageDescription",
        new XAttribute("IsProperty", IsProperty ? "true" : "false"),
        new XElement(EventXml.Tt + "Source", Source.Select(s => Simple(s.Name, s.Type))),
        new XElement(EventXml.Tt + "Data",
            Data.Select(d => Simple(d.Name, d.Type)),
            Elements.Select(e => new XElement(EventXml.Tt + "ElementItemDescription", new XAttribute("Name", e.Name), new XAttribute("Type", e.Type)))));

    private static XElement Simple(string name, string type) =>
        new(EventXml.Tt + "SimpleItemDescription", new XAttribute("Name", name), new XAttribute("Type", type));
}
