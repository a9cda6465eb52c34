namespace Nvr.Control.Recordings.Model;

/// <summary>Descriptive information about the source of a recording; stored and returned, never interpreted.</summary>
public sealed record RecordingSource(string SourceId, string Name, string Location, string Description, string Address)
{
    public static RecordingSource Empty { get; } = new(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
}
