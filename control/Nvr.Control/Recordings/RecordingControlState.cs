using System.Collections.Immutable;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>
/// Everything the recording control plane persists: recordings with tracks, jobs and receivers, plus the creation
/// counters that make tokens stable and never reused. Immutable; <see cref="Apply"/> folds one persisted event.
/// </summary>
public sealed record RecordingControlState(
    ImmutableSortedDictionary<string, Model.Recording> Recordings,
    ImmutableSortedDictionary<string, RecordingJob> Jobs,
    ImmutableSortedDictionary<string, Receiver> Receivers,
    long RecordingsCreated,
    long JobsCreated,
    long ReceiversCreated)
{
    public static RecordingControlState Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, Model.Recording>(TokenOrder.Instance),
        ImmutableSortedDictionary.Create<string, RecordingJob>(TokenOrder.Instance),
        ImmutableSortedDictionary.Create<string, Receiver>(TokenOrder.Instance),
        0, 0, 0);

    public string NextRecordingToken => $"REC{RecordingsCreated + 1:D4}";
    public string NextJobToken => $"JOB{JobsCreated + 1:D4}";
    public string NextReceiverToken => $"RCV{ReceiversCreated + 1:D4}";

    public static string TrackToken(TrackType type, int number) => type switch
    {
        TrackType.Video => $"VIDEO{number:D3}",
        TrackType.Audio => $"AUDIO{number:D3}",
        _ => $"META{number:D3}",
    };

    public IEnumerable<RecordingJob> JobsOf(string recordingToken) =>
        Jobs.Values.Where(j => j.Configuration.RecordingToken == recordingToken);

    public bool IsReceiverUsed(string receiverToken, string? exceptJob = null) =>
        Jobs.Values.Any(j => j.Token != exceptJob && j.Configuration.Sources.Any(
            s => s.SourceToken is { IsReceiver: true } src && src.Token == receiverToken));

    /// <summary>The receivers some job uses as a source (one pass over the jobs).</summary>
    public HashSet<string> ReceiversInUse()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in Jobs.Values)
        {
            foreach (var source in job.Configuration.Sources)
            {
                if (source.SourceToken is { IsReceiver: true } reference)
                {
                    used.Add(reference.Token);
                }
            }
        }

        return used;
    }

    public RecordingControlState Apply(IControlEvent e) => e switch
    {
        RecordingCreated c => this with
        {
            Recordings = Recordings.Add(c.Token, new Model.Recording(c.Token, c.Configuration, c.Tracks.ToImmutableList(),
                c.Tracks.GroupBy(t => t.Configuration.TrackType).ToImmutableDictionary(g => g.Key, g => g.Count()))),
            RecordingsCreated = RecordingsCreated + 1,
        },
        RecordingConfigured c => WithRecording(c.Token, r => r.Reconfigured(c.Configuration)),
        RecordingDeleted d => this with { Recordings = Recordings.Remove(d.Token) },
        TrackCreated c => WithRecording(c.RecordingToken, r => r with
        {
            Tracks = r.Tracks.Add(c.Track),
            TracksCreated = r.TracksCreated.SetItem(c.Track.Configuration.TrackType,
                r.TracksCreated.GetValueOrDefault(c.Track.Configuration.TrackType) + 1),
        }),
        TrackConfigured c => WithRecording(c.RecordingToken, r => r with
        {
            Tracks = r.Tracks.Select(t => t.Token == c.TrackToken
                ? t with { Configuration = t.Configuration with { Description = c.Description } }
                : t).ToImmutableList(),
        }),
        TrackDeleted d => WithRecording(d.RecordingToken, r => r with { Tracks = r.Tracks.RemoveAll(t => t.Token == d.TrackToken) }),
        JobCreated c => this with
        {
            Jobs = Jobs.Add(c.Token, new RecordingJob(c.Token, JobsCreated + 1, c.Configuration)),
            JobsCreated = JobsCreated + 1,
        },
        JobConfigured c => this with { Jobs = Jobs.SetItem(c.Token, Jobs[c.Token] with { Configuration = c.Configuration }) },
        JobDeleted d => this with { Jobs = Jobs.Remove(d.Token) },
        ReceiverCreated c => this with
        {
            Receivers = Receivers.Add(c.Token, new Receiver(c.Token, c.AutoCreated, c.Configuration)),
            ReceiversCreated = ReceiversCreated + 1,
        },
        ReceiverConfigured c => this with { Receivers = Receivers.SetItem(c.Token, Receivers[c.Token] with { Configuration = c.Configuration }) },
        ReceiverDeleted d => this with { Receivers = Receivers.Remove(d.Token) },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "unknown control event"),
    };

    private RecordingControlState WithRecording(string token, Func<Model.Recording, Model.Recording> change) =>
        this with { Recordings = Recordings.SetItem(token, change(Recordings[token])) };
}
