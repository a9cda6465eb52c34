namespace Nvr.Control.Exports;

/// <summary>
/// ExportRecordedData (seed 5.21) as the protocol layer hands it over: recordings selected by token and/or by source
/// token (both empty: every recording), narrowed by <see cref="FilteredRecordings"/>, the range, the storage token and relative path. FileFormat is checked by the
/// protocol layer against the advertised formats.
/// </summary>
public sealed record StartExport(
    IReadOnlyList<string> Recordings,
    IReadOnlyList<string> Sources,
    DateTimeOffset? StartPoint,
    DateTimeOffset? EndPoint,
    string StorageToken,
    string? RelativePath)
{
    /// <summary>
    /// When set, only these recordings qualify (the protocol layer applied the scope's RecordingInformationFilter);
    /// empty: none does.
    /// </summary>
    public IReadOnlySet<string>? FilteredRecordings { get; init; }
}

/// <summary>The recording control actor's resolution of a <see cref="StartExport"/>, told to the engine's export supervisor.</summary>
/// <param name="Keys">Content keys of the selected recordings by KID (lowercase hex), for decryption.</param>
public sealed record RunExport(StartExport Request, IReadOnlyList<string> Recordings, IReadOnlyDictionary<string, byte[]> Keys);

/// <summary>Reply to <see cref="StartExport"/>: the operation token and the planned file names.</summary>
public sealed record ExportStarted(string OperationToken, IReadOnlyList<string> FileNames);

/// <summary>GetExportRecordedDataState (5.23).</summary>
public sealed record GetExportState(string OperationToken);

/// <summary>StopExportRecordedData (5.22): cancels the export (the file being written is removed) and replies its state.</summary>
public sealed record StopExport(string OperationToken);

/// <summary>One file's progress 0.0–1.0.</summary>
public sealed record ExportFileProgress(string FileName, double Progress);

/// <summary>State of an export: overall progress 0.0–1.0 (1.0 once complete), per file progress, and how it ended.</summary>
/// <param name="Status">Running, Completed, Stopped or Failed.</param>
public sealed record ExportState(string OperationToken, double Progress, IReadOnlyList<ExportFileProgress> Files, string Status);

/// <summary>Published on the event stream when an export ends (any way), with its recordings: deferred deletions run then.</summary>
public sealed record ExportFinished(string OperationToken, IReadOnlyList<string> Recordings, string Status);

/// <summary>
/// The content keys (KID in lowercase hex → key) of a recording, for decrypting its segments inside the appliance
/// (the web console's playback); never sent on any wire. Replied with <see cref="RecordingKeysReply"/> (empty when none).
/// </summary>
public sealed record GetRecordingKeys(string RecordingToken);

/// <summary>Reply to <see cref="GetRecordingKeys"/>.</summary>
public sealed record RecordingKeysReply(IReadOnlyDictionary<string, byte[]> Keys);
