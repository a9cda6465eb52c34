namespace Nvr.Control.Events;

/// <summary>
/// A notification of seed 5.26 (or of the Schedule service) published on the actor system's event stream.
/// <see cref="Topic"/> is the ONVIF topic without the tns1 prefix, e.g. <c>RecordingConfig/JobState</c>.
/// </summary>
public abstract record OnvifEvent(string Topic, bool IsProperty, DateTimeOffset UtcTime);
