namespace Nvr.Recording.Triggers;

/// <summary>
/// What an event does to a recording's event window: open it (recording from <see cref="Utc"/>, which lies Before the
/// condition) or close it (recording on until <see cref="Utc"/>, After the condition ended).
/// </summary>
public sealed record EventWindowChange(bool Open, DateTime Utc);
