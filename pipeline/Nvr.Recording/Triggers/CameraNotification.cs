namespace Nvr.Recording.Triggers;

/// <summary>
/// A notification a camera sent in its ONVIF metadata stream (motion, tampering, digital input...), as
/// <see cref="MetadataEventReader"/> reads it on the ingest thread.
/// </summary>
/// <param name="PropertyOperation">Initialized, Changed or Deleted for property events; null for a momentary event.</param>
public sealed record CameraNotification(
    string Topic,
    DateTimeOffset UtcTime,
    string? PropertyOperation,
    IReadOnlyList<EventItem> Source,
    IReadOnlyList<EventItem> Data) : ITriggerEvent
{
    /// <summary>The PropertyOperation of a property that no longer exists.</summary>
    public const string Deleted = "Deleted";

    public bool IsProperty => PropertyOperation is not null;

    public IReadOnlyList<EventItem> SourceItems => Source;

    public bool? Condition => ConditionOf(PropertyOperation, Data);

    /// <summary>
    /// A property event is active while its first boolean data item is true (IsMotion, LogicalState, State...);
    /// Deleted ends it; a property event without a boolean item, like a momentary event, is an instant.
    /// </summary>
    public static bool? ConditionOf(string? propertyOperation, IReadOnlyList<EventItem> data)
    {
        if (propertyOperation is null)
        {
            return null;
        }

        if (string.Equals(propertyOperation, Deleted, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var item in data)
        {
            if (bool.TryParse(item.Value, out var value))
            {
                return value;
            }

            if (item.Value is "0" or "1")
            {
                return item.Value == "1";
            }
        }

        return null;
    }
}
