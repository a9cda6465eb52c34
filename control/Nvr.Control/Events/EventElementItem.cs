namespace Nvr.Control.Events;

/// <summary>
/// One tt:ElementItem of a notification's Data: <see cref="Value"/> is a control-plane model object (a configuration,
/// a job state information); the protocol layer writes it as the ONVIF element of the same name.
/// </summary>
public sealed record EventElementItem(string Name, object Value);
