using Nvr.Recording.Triggers;

namespace Nvr.Control.Events;

/// <summary>
/// A notification of seed 5.26 (or of the Schedule service) published on the actor system's event stream.
/// <see cref="Topic"/> is the ONVIF topic without the tns1 prefix, e.g. <c>RecordingConfig/JobState</c>. Every
/// one can trigger event recording: the data path reads it as an <see cref="ITriggerEvent"/>.
/// </summary>
public abstract record OnvifEvent(string Topic, bool IsProperty, DateTimeOffset UtcTime) : ITriggerEvent
{
    /// <summary>
    /// The Source items that identify the property or the component (what a topic's property key and an EventFilter's
    /// source filter look at).
    /// </summary>
    public virtual IReadOnlyList<EventItem> SourceItems => [];

    /// <summary>The Source items of the message as sent to clients (the identifying items, plus descriptive ones).</summary>
    public virtual IReadOnlyList<EventItem> MessageSourceItems => SourceItems;

    /// <summary>The message's Key items (none for the topics of the seeds).</summary>
    public virtual IReadOnlyList<EventItem> KeyItems => [];

    /// <summary>The message's Data simple items.</summary>
    public virtual IReadOnlyList<EventItem> DataItems => [];

    /// <summary>The message's Data element items (structured payloads, e.g. a configuration without its keys).</summary>
    public virtual IReadOnlyList<EventElementItem> ElementItems => [];

    /// <summary>
    /// For event recording: true while the condition this property event describes holds, false once it ended, null
    /// for an instant (a momentary event, or a property without a boolean state).
    /// </summary>
    public virtual bool? Condition => null;

    /// <summary>True when this message says that the property instance no longer exists (PropertyOperation Deleted).</summary>
    public virtual bool DeletesProperty => false;

    /// <summary>Identifies the property this message is about: its topic and Source items (not its data).</summary>
    public string PropertyKey() => TriggerEvents.PropertyKey(this);
}
