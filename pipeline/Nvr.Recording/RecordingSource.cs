using System.Threading.Channels;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;

namespace Nvr.Recording;

/// <summary>
/// One ingest feeding the session: its access units, its stream descriptions (codec, parameter sets) and the
/// routing of its streams (by <see cref="StreamDescription.Index"/>) to recording track tokens. Streams without
/// a route are released unread. Backpressure: the session reads through a small bounded hand-off, so a slow
/// sink fills <paramref name="Units"/>; an <c>AccessUnitChannel</c> then drops whole GOPs (counted there).
/// </summary>
/// <param name="Units">Access units; the session releases every unit it reads.</param>
/// <param name="Streams">The streams of the source (latest parameter sets are read from them).</param>
/// <param name="Routes">Stream index → recording track token.</param>
public sealed record RecordingSource(
    ChannelReader<AccessUnit> Units,
    IReadOnlyList<StreamDescription> Streams,
    IReadOnlyDictionary<int, string> Routes)
{
    /// <summary>
    /// The ingest channel whose <see cref="AccessUnitChannel.Reader"/> is <see cref="Units"/>: when set, the session
    /// takes the units straight from the ingest's thread (<see cref="AccessUnitChannel.Forward"/>) instead of a pump
    /// task reading <see cref="Units"/> (one thread hand-off less per unit, same bound and drop policy).
    /// </summary>
    public AccessUnitChannel? Channel { get; init; }
}
