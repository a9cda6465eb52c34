using Nvr.Control.Events;

namespace Nvr.Control.Notifications;

/// <summary>
/// One message queued for a subscriber: the event and its PropertyOperation (Initialized, Changed, Deleted; null for a
/// momentary event). A <see cref="DroppedBefore"/> above zero marks a gap: that many older messages of this
/// subscription were dropped because its queue was full.
/// </summary>
public sealed record Notification(OnvifEvent Event, string? PropertyOperation, long DroppedBefore = 0)
{
    public const string Initialized = "Initialized";
    public const string Changed = "Changed";
    public const string Deleted = "Deleted";

    /// <summary>
    /// The message a subscriber gets for a live event: none for instants; for properties Deleted, Initialized when the
    /// instance is new (Core: "Initialized" informs a client about the creation of a property), otherwise Changed.
    /// A camera notification relayed from a receiver keeps the camera's own operation.
    /// </summary>
    public static Notification Live(OnvifEvent e, bool known) => new(e, OperationOf(e, known));

    private static string? OperationOf(OnvifEvent e, bool known)
    {
        if (e is DeviceEvent device)
        {
            return device.PropertyOperation;
        }

        if (!e.IsProperty)
        {
            return null;
        }

        return e.DeletesProperty ? Deleted : known ? Changed : Initialized;
    }
}
