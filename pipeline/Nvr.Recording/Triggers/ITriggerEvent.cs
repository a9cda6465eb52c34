namespace Nvr.Recording.Triggers;

/// <summary>
/// What event-triggered recording (seed 5.3.4) reads of a notification: the control plane's events implement it, so
/// the data path knows events without knowing where they are published.
/// </summary>
public interface ITriggerEvent
{
    /// <summary>The topic path, with or without the <c>tns1:</c> prefix (e.g. <c>RuleEngine/CellMotionDetector/Motion</c>).</summary>
    string Topic { get; }

    /// <summary>True for a property event (a state that holds), false for a momentary event.</summary>
    bool IsProperty { get; }

    DateTimeOffset UtcTime { get; }

    /// <summary>The message's Source items (what an EventFilter's source filter looks at).</summary>
    IReadOnlyList<EventItem> SourceItems { get; }

    /// <summary>
    /// True while the condition this property event describes holds, false once it ended, null for an instant (a
    /// momentary event, or a property without a boolean state).
    /// </summary>
    bool? Condition { get; }
}
