using Akka.Actor;
using Akka.Event;
using Nvr.Control.Events;
using Nvr.Control.Exports;
using Nvr.Control.Recordings.Messages;

namespace Nvr.Control.Recordings;

/// <summary>
/// Exports (seed 5.21–5.23): the scope is resolved here (recordings by token and by source token, with their content
/// keys), the run is the engine's export supervisor's. A DeleteRecording of a recording being exported is answered at
/// once but carried out when the last export reading it has finished (5.21).
/// </summary>
public sealed partial class RecordingControlActor
{
    private readonly Dictionary<string, int> _exporting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deferredDeletes = new(StringComparer.Ordinal);

    private void RegisterExportCommands()
    {
        Command<StartExport>(OnStartExport);
        Command<GetExportState>(m => ForwardToEngine(m));
        Command<StopExport>(m => ForwardToEngine(m));
        Command<ExportFinished>(OnExportFinished);
        Command<GetRecordingKeys>(m => Sender.Tell(new RecordingKeysReply(
            _state.Recordings.TryGetValue(m.RecordingToken, out var recording) ? KeysOf([recording]) : new Dictionary<string, byte[]>())));
    }

    protected override void PreStart()
    {
        base.PreStart();
        Context.System.EventStream.Subscribe(Self, typeof(ExportFinished));
    }

    private void OnStartExport(StartExport command)
    {
        var unknown = command.Recordings.FirstOrDefault(r => !_state.Recordings.ContainsKey(r));
        if (unknown is not null)
        {
            Reject(ControlFault.NoRecording, $"recording '{unknown}' does not exist");
            return;
        }

        var selected = _state.Recordings.Values
            .Where(r => (command.Recordings.Count == 0 && command.Sources.Count == 0) || command.Recordings.Contains(r.Token) ||
                        command.Sources.Contains(r.Configuration.Source.SourceId))
            .Where(r => !_deferredDeletes.Contains(r.Token))
            .Where(r => command.FilteredRecordings is not { } filtered || filtered.Contains(r.Token))
            .Select(r => r.Token)
            .Order(StringComparer.Ordinal)
            .ToList();
        var keys = KeysOf(selected.Select(t => _state.Recordings[t]));

        if (_engine is null)
        {
            Reject(ControlFault.BadConfiguration, "this appliance runs without a recording engine: nothing can be exported");
            return;
        }

        foreach (var token in selected)
        {
            _exporting[token] = _exporting.GetValueOrDefault(token) + 1;
        }

        _engine.Forward(new RunExport(command, selected, keys));
    }

    private static Dictionary<string, byte[]> KeysOf(IEnumerable<Model.Recording> recordings)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var recording in recordings)
        {
            foreach (var (kid, key) in recording.ContentKeys())
            {
                keys[kid] = key;
            }
        }

        return keys;
    }

    private void ForwardToEngine(object message)
    {
        if (_engine is null)
        {
            Reject(ControlFault.BadConfiguration, "no export operation exists on this appliance (no recording engine)");
            return;
        }

        _engine.Forward(message);
    }

    private void OnExportFinished(ExportFinished finished)
    {
        foreach (var token in finished.Recordings)
        {
            var left = _exporting.GetValueOrDefault(token) - 1;
            if (left > 0)
            {
                _exporting[token] = left;
                continue;
            }

            _exporting.Remove(token);
            if (_deferredDeletes.Remove(token) && _state.Recordings.ContainsKey(token))
            {
                _log.Info("recording {0}: the export reading it has finished; deleting it now", token);
                DeleteNow(new DeleteRecording(token), ActorRefs.Nobody);
            }
        }
    }

    /// <summary>True when the deletion waits for an export (it is then acknowledged at once).</summary>
    private bool DeferDeletion(DeleteRecording command)
    {
        if (!_exporting.ContainsKey(command.RecordingToken))
        {
            return false;
        }

        _deferredDeletes.Add(command.RecordingToken);
        _log.Info("recording {0}: deletion deferred until the export reading it completes (seed 5.21)", command.RecordingToken);
        Done();
        return true;
    }
}
