using Nvr.Recording.Triggers;

namespace Nvr.Control.Events;

/// <summary>
/// A notification of seed 5.26 (or of the Schedule service) published on the actor system's event stream.
/// <see cref="Topic"/> is the ONVIF topic without the tns1 prefix, e.g. <c>RecordingConfig/JobState</c>. Every
/// one can trigger event recording: the data path reads it as an <see cref="ITriggerEvent"/>.
/// </summary>
public abstract record OnvifEvent(string Topic, bool IsProperty, DateTimeOffset UtcTime) : ITriggerEvent
{
    /// <summary>The message's Source items (what an EventFilter's source filter looks at).</summary>
    public virtual IReadOnlyList<EventItem> SourceItems => [];

    /// <summary>
    /// For event recording: true while the condition this property event describes holds, false once it ended, null
    /// for an instant (a momentary event, or a property without a boolean state).
    /// </summary>
    public virtual bool? Condition => null;

    /// <summary>Identifies the property this message is about: its topic and Source items (not its data).</summary>
    public string PropertyKey() => TriggerEvents.PropertyKey(this);
}
