using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Recording.Session;

namespace Nvr.Recording;

/// <summary>Sources whose ingest writes straight into the session's hand-off (<see cref="RecordingSource.Channel"/>).</summary>
public sealed partial class RecordingSession
{
    private void StopForwarding()
    {
        for (int s = 0; s < _sources.Length; s++)
        {
            if (_targets[s] is { } target)
            {
                _sources[s].Channel!.StopForwarding(target); // later units queue in the ingest channel (its owner drains it)
            }
        }
    }

    private async Task WriteEndedAsync(SessionInput ended)
    {
        try
        {
            await _handOff.Writer.WriteAsync(ended, _stopPumps.Token).ConfigureAwait(false);
            Schedule(inline: false);
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException or ObjectDisposedException)
        {
            // the session is stopping: nothing more to report
        }
    }

    /// <summary>
    /// One source's units, taken on the ingest's thread: a unit is queued for the loop or refused when full; when no
    /// other thread runs the loop, the ingest's thread runs it (no wake-up of another thread per unit).
    /// </summary>
    private sealed class SourceTarget(RecordingSession session, int source) : IAccessUnitTarget
    {
        public bool TryWrite(AccessUnit unit)
        {
            if (!session._handOff.Writer.TryWrite(new SessionInput(unit, source)))
            {
                return false;
            }

            session.Schedule(inline: true);
            return true;
        }

        public void Complete(Exception? error)
        {
            var ended = new SessionInput(null, source, SourceEnded: true, error);
            if (!session._handOff.Writer.TryWrite(ended))
            {
                _ = session.WriteEndedAsync(ended); // in order after the queued units, once there is room
                return;
            }

            session.Schedule(inline: false);
        }
    }
}
