namespace Nvr.Control.Events;

/// <summary>
/// A notification of seed 5.26 (or of the Schedule service) published on the actor system's event stream.
/// <see cref="Topic"/> is the ONVIF topic without the tns1 prefix, e.g. <c>RecordingConfig/JobState</c>.
/// </summary>
public abstract record OnvifEvent(string Topic, bool IsProperty, DateTimeOffset UtcTime)
{
    /// <summary>The message's Source items (what an EventFilter's source filter looks at).</summary>
    public virtual IReadOnlyList<EventItem> SourceItems => [];

    /// <summary>
    /// For event recording: true while the condition this property event describes holds, false once it ended, null
    /// for an instant (a momentary event, or a property without a boolean state).
    /// </summary>
    public virtual bool? Condition => null;

    /// <summary>Identifies the property this message is about: its topic and Source items (not its data).</summary>
    public string PropertyKey()
    {
        var key = new System.Text.StringBuilder(Topic);
        foreach (var item in SourceItems)
        {
            key.Append('\n').Append(item.Name).Append('=').Append(item.Value);
        }

        return key.ToString();
    }
}
