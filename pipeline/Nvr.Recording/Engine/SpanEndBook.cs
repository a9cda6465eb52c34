using System.Collections.Concurrent;

namespace Nvr.Recording.Engine;

/// <summary>
/// The end (UTC) of the last span each recording closed while the engine runs, so that a new recording session —
/// after Idle→Active, a restart of its runner or a reconnect — never starts a span before it
/// (<see cref="RecordingSessionOptions.NotBeforeUtc"/>). A recording is run by one runner at a time, its only writer.
/// </summary>
public sealed class SpanEndBook
{
    private readonly ConcurrentDictionary<string, DateTime> _ends = new(StringComparer.Ordinal);

    /// <summary>Notes a closed span of <paramref name="recording"/>; an earlier end than the one noted is ignored.</summary>
    public void Note(string recording, DateTime endUtc) =>
        _ends.AddOrUpdate(recording, endUtc, (_, noted) => endUtc > noted ? endUtc : noted);

    /// <summary>The end of the last span noted for <paramref name="recording"/>, null when none.</summary>
    public DateTime? LastEnd(string recording) => _ends.TryGetValue(recording, out var end) ? end : null;
}
