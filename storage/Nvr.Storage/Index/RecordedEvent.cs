namespace Nvr.Storage.Index;

/// <summary>One simple item (Source or Data) of a recorded event.</summary>
public sealed record RecordedEventItem(string Name, string Value);

/// <summary>
/// A notification a camera sent in the ONVIF metadata stream that <see cref="Track"/> (a metadata track of
/// <see cref="Recording"/>) records: its UTC time, topic as the camera wrote it (e.g.
/// <c>tns1:RuleEngine/CellMotionDetector/Motion</c>), PropertyOperation (null for a momentary event) and items.
/// </summary>
public sealed record RecordedEvent(
    string Recording,
    string Track,
    DateTimeOffset Utc,
    string Topic,
    string? PropertyOperation,
    IReadOnlyList<RecordedEventItem> Source,
    IReadOnlyList<RecordedEventItem> Data);
