using Nvr.Codecs.Cenc.Config;
using Nvr.Pipeline.Media;
using Nvr.Recording.Session;

namespace Nvr.Recording;

/// <summary>Requests handled on the session loop.</summary>
public sealed partial class RecordingSession
{
    /// <summary>Test/benchmark seam: processes one unit on the caller's thread (the loop must not be started).</summary>
    internal void ProcessUnitSynchronously(AccessUnit unit, int source) => OnUnit(unit, source);

    /// <summary>
    /// Test/benchmark seam: handles posted requests on the caller's thread (the loop must not be started), waits until
    /// the writer thread did what was queued and raises the outcomes.
    /// </summary>
    internal void ProcessRequestsSynchronously()
    {
        RunCommands();
        _sinkQueue.FlushSynchronously();
        ApplySinkResults();
    }

    /// <summary>Test seam: stops on the caller's thread (the loop must not be started): spans closed, objects written, events raised.</summary>
    internal void StopSynchronously()
    {
        _commands.Enqueue(new SessionCommand.Stop());
        ProcessRequestsSynchronously();
        _sinkQueue.Release();
    }

    private void RunCommands()
    {
        ApplySinkResults();
        while (!_stopping && _commands.TryDequeue(out var command))
        {
            switch (command)
            {
                case SessionCommand.Stop:
                    ReplayFirstReportWait();
                    DrainAll();
                    ReleaseHeld();
                    CloseSpans(SpanCloseReason.Stopped, null);
                    foreach (var lane in _lanes)
                    {
                        SetState(lane, TrackRecordingState.Idle, null);
                    }

                    _stopping = true;
                    break;
                case SessionCommand.Override o:
                    _overrideTarget = o.Target;
                    _overrideExpiresAt = o.ExpiresAt;
                    RequestCutEverywhere();
                    break;
                case SessionCommand.ClearOverride:
                    _overrideTarget = null;
                    break;
                case SessionCommand.Reconfigure r:
                    ApplyReconfiguration(r.Target, r.Encryption);
                    break;
                case SessionCommand.UpdateStreams u:
                    _streams[u.Source] = u.Streams;
                    AssignStreams(u.Source);
                    break;
                case SessionCommand.EnableEventGating g:
                    OnEnableEventGating(g.PreEvent);
                    break;
                case SessionCommand.DisableEventGating:
                    OnDisableEventGating();
                    break;
                case SessionCommand.OpenEventWindow w:
                    OnOpenEventWindow(w.FromUtc);
                    break;
                case SessionCommand.CloseEventWindow c:
                    OnCloseEventWindow(c.UntilUtc);
                    break;
                case SessionCommand.SourceEnded e:
                    OnSourceEnded(e.Source, e.Error);
                    break;
            }
        }
    }

    private void ApplyReconfiguration(RecordingTarget next, EncryptionConfiguration encryption)
    {
        var current = _target;
        bool identityChanged = next.Format != current.Format
            || !string.Equals(next.Prefix ?? string.Empty, current.Prefix ?? string.Empty, StringComparison.Ordinal)
            || !string.Equals(next.Postfix ?? string.Empty, current.Postfix ?? string.Empty, StringComparison.Ordinal)
            || !EncryptionEquals(current.Encryption, next.Encryption);
        Volatile.Write(ref _target, next);
        _encryption = encryption;
        _overrideTarget = null;
        _newSpanRequested |= identityChanged;
    }

    private static bool EncryptionEquals(IReadOnlyList<EncryptionEntry> a, IReadOnlyList<EncryptionEntry> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i].Mode != b[i].Mode || !a[i].Key.Equals(b[i].Key) || !a[i].Key.Key.SequenceEqual(b[i].Key.Key)
                || !a[i].Tracks.SequenceEqual(b[i].Tracks, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private void AssignStreams(int source)
    {
        var routes = _routes[source];
        for (int index = 0; index < routes.Length; index++)
        {
            if (routes[index] is { } lane)
            {
                lane.Stream = FindStream(source, index);
            }
        }
    }

    private void SetState(TrackLane lane, TrackRecordingState state, string? reason)
    {
        if (lane.State == state && state != TrackRecordingState.Error)
        {
            return;
        }

        lane.State = state;
        TrackStatusChanged?.Invoke(new TrackStatusChanged(lane.Token, state, reason));
    }
}
