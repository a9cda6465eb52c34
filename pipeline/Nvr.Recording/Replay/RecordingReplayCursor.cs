using Nvr.Pipeline.RtspServer;

namespace Nvr.Recording.Replay;

/// <summary>
/// The access units of a recording's tracks in recorded order (multiplexed by UTC, Streaming spec "Rate-Control"),
/// from the clean point at or before the start: video tracks position at their clean point, the other tracks at the
/// earliest of those instants.
/// </summary>
internal sealed class RecordingReplayCursor : IReplayCursor
{
    private readonly TrackReplayCursor[] _tracks;
    private readonly DateTime? _start;
    private bool _positioned;

    public RecordingReplayCursor(TrackReplayCursor[] tracks, DateTime? start)
    {
        _tracks = tracks;
        _start = start;
    }

    public ServedFrame Current { get; private set; }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!_positioned)
        {
            await PositionAsync(cancellationToken).ConfigureAwait(false);
            _positioned = true;
        }

        TrackReplayCursor? next = null;
        foreach (var track in _tracks)
        {
            if (await track.PeekAsync(cancellationToken).ConfigureAwait(false) && (next is null || track.NextUtc < next.NextUtc))
            {
                next = track;
            }
        }

        if (next is null)
        {
            return false;
        }

        Current = next.Take();
        return true;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task PositionAsync(CancellationToken cancellationToken)
    {
        var anchor = _start;
        if (_start is { } start)
        {
            DateTime? earliestClean = null;
            foreach (var track in _tracks.Where(t => t.IsVideo))
            {
                if (await track.SeekAsync(start, cleanPoint: true, cancellationToken).ConfigureAwait(false) is { } clean &&
                    (earliestClean is null || clean < earliestClean))
                {
                    earliestClean = clean;
                }
            }

            anchor = earliestClean ?? start;
        }

        foreach (var track in _tracks.Where(t => !t.IsVideo || _start is null))
        {
            await track.SeekAsync(anchor, cleanPoint: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
