namespace Nvr.Recording.Session;

/// <summary>Event recording state of a session (seed 5.3.4).</summary>
internal enum EventGateMode
{
    /// <summary>Continuous recording (the default): everything is written.</summary>
    Off,

    /// <summary>Gated, no window open: media goes into the pre-event ring, nothing is written.</summary>
    Holding,

    /// <summary>Gated with an event window open: everything is written.</summary>
    Open,

    /// <summary>Gated, window still open until its end time is reached and a key frame was written.</summary>
    Closing,
}
