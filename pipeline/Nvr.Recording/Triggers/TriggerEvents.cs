using System.Text;

namespace Nvr.Recording.Triggers;

/// <summary>Facts derived from an <see cref="ITriggerEvent"/>.</summary>
public static class TriggerEvents
{
    /// <summary>Identifies the property a message is about: its topic and Source items (not its data).</summary>
    public static string PropertyKey(this ITriggerEvent notification)
    {
        var key = new StringBuilder(notification.Topic);
        foreach (var item in notification.SourceItems)
        {
            key.Append('\n').Append(item.Name).Append('=').Append(item.Value);
        }

        return key.ToString();
    }
}
