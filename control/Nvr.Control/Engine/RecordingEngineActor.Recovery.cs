using Akka.Actor;
using Akka.Event;
using Nvr.Control.Engine.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Recording;

namespace Nvr.Control.Engine;

/// <summary>
/// After a crash: every configured storage's sink is opened once, off the engine's thread (recovery cuts the segments
/// the crash left open to their durable length), then the segments of recordings without a runner are indexed, once
/// per recording and engine lifetime; a started runner indexes its recording's at its start.
/// </summary>
public sealed partial class RecordingEngineActor
{
    private readonly HashSet<string> _recoveryIndexed = new(StringComparer.Ordinal);
    private IReadOnlyList<UnplannedRecording> _unplanned = [];
    private Task? _opening;
    private bool _storagesOpen;

    /// <summary>The first plan set told: the control plane knows the recordings; open every storage in the background.</summary>
    private void OpenStoragesOnce()
    {
        if (_opening is not null)
        {
            return;
        }

        var sinks = _sinks;
        var storages = _settings.Storages.All.Select(s => s.Token).ToList();
        var opening = Task.Run(() =>
        {
            var failures = new List<string>();
            foreach (var storage in storages)
            {
                try
                {
                    sinks.Get(storage);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failures.Add($"storage {storage}: {e.Message}");
                }
            }

            return new StoragesOpened(failures);
        });
        _opening = opening;
        opening.PipeTo(Self, Self, success: opened => opened, failure: e => new StoragesOpened([e.GetBaseException().Message]));
    }

    private void OnStoragesOpened(StoragesOpened m)
    {
        foreach (var failure in m.Failures)
        {
            _log.Warning("opening the storages after the start: {0}; what a crash left there is indexed when a recording starts writing there", failure);
        }

        _storagesOpen = true;
        IndexUnplanned();
    }

    /// <summary>Indexes what a crash left of every recording without a runner that was not looked at yet.</summary>
    private void IndexUnplanned()
    {
        if (!_storagesOpen || _index is null)
        {
            return;
        }

        foreach (var recording in _unplanned)
        {
            if (_runners.ContainsKey(recording.RecordingToken) || _recoveryIndexed.Contains(recording.RecordingToken))
            {
                continue;
            }

            try
            {
                var storage = EngineTargetMapper.StorageOf(recording.Target, _settings);
                var (prefix, postfix) = EngineTargetMapper.KeysOf(recording.RecordingToken, recording.Target);
                IndexRecovered(recording.RecordingToken, storage, prefix, postfix, EngineTargetMapper.Tracks(recording.Tracks));
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                _recoveryIndexed.Add(recording.RecordingToken);
                _log.Warning("recording {0}: what a crash left behind cannot be indexed: {1}", recording.RecordingToken, e.Message);
            }
        }
    }

    /// <summary>
    /// Segments of this recording a crash left behind go into the index: those completed just before it but not indexed
    /// yet, and those it left open, recovered when the storage's sink was created.
    /// </summary>
    private void IndexRecovered(string recording, string storage, string? prefix, string? postfix, IReadOnlyList<RecordingTrack> recordingTracks)
    {
        if (_index is null)
        {
            return;
        }

        _recoveryIndexed.Add(recording);
        var external = _sinks.GetLocal(storage) is null;
        if (_sinks.Catalog(storage) is { } catalog)
        {
            // first (before the recovered ones move the recording's latest indexed segment): completed, not indexed
            _index.TryReconcile(recording, storage, catalog, prefix, postfix, _settings.Time.GetUtcNow(), external);
        }

        foreach (var recovered in _sinks.TakeRecovered(storage, prefix, postfix))
        {
            // used when the recording has no indexed data yet: its tracks of the kinds the file holds samples of
            var tracks = recordingTracks.Where(t => recovered.Handlers.Contains(HandlerOf(t.Kind))).Select(t => t.Token).ToList();
            _log.Info("recording {0}: indexing segment {1} recovered after a crash ({2} bytes, {3:F3} s)", recording, recovered.Key, recovered.Bytes, (recovered.End - recovered.Start).TotalSeconds);
            if (!_index.TryAddRecovered(recording, tracks, recovered, external))
            {
                _log.Warning("recording {0}: recovered segment {1} not indexed, the index worker is busy", recording, recovered.Key);
            }
        }
    }

    private static string HandlerOf(Nvr.Pipeline.Media.MediaKind kind) => kind switch
    {
        Nvr.Pipeline.Media.MediaKind.Video => "vide",
        Nvr.Pipeline.Media.MediaKind.Audio => "soun",
        _ => "meta",
    };
}
