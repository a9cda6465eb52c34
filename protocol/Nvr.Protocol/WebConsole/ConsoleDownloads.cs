using System.Security.Cryptography;
using System.Text.Json;
using Nvr.Control;
using Nvr.Control.Exports;
using Nvr.Control.Recordings;
using Nvr.Storage.Configuration;
using Nvr.Storage.Export;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// A console download: the export it started (range of one recording), where its files go, who may fetch them, and
/// its last known state (kept in the downloads file, so the list survives a restart).
/// </summary>
public sealed record ConsoleDownload(
    string Id, string Owner, string Recording, DateTimeOffset From, DateTimeOffset To, string Storage, string Operation, DateTimeOffset Started,
    string Status, double Progress, IReadOnlyList<ExportFileProgress> Files);

/// <summary>A download's file as the page shows it.</summary>
public sealed record DownloadFileView(string Name, double Progress, string? Url);

/// <summary>A download's state: the export's status and progress, its range, and its files (with a URL once complete).</summary>
public sealed record DownloadView(string Id, string Recording, DateTimeOffset From, DateTimeOffset To, DateTimeOffset Started, string Status, double Progress,
    IReadOnlyList<DownloadFileView> Files);

/// <summary>
/// The console's download button: a selected range of one recording exported with the control plane's
/// ExportRecordedData (MP4, decrypted, one file per continuous run, seed 5.21) into
/// <c>console-downloads/&lt;random id&gt;/</c> of the first local storage (else the first storage), its progress read
/// with GetExportRecordedDataState, and its complete files served to the user who started it. The downloads and
/// their last known state are kept in <c>DATA/console-downloads.json</c> (rewritten whole, atomically, on every
/// change): after a restart the control plane no longer knows the export, and the kept state answers: Completed
/// with its files, or <see cref="Interrupted"/> when it was still running. The last <see cref="Keep"/> downloads are
/// kept; older ones' files are deleted.
/// </summary>
public sealed class ConsoleDownloads
{
    public const int Keep = 16;
    public const string Folder = "console-downloads";
    public const string StateFileName = "console-downloads.json";

    /// <summary>The status of a download whose export was still running when the appliance stopped.</summary>
    public const string Interrupted = "Interrupted";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly ControlPlane _control;
    private readonly StorageCatalog _storages;
    private readonly TimeProvider _time;
    private readonly string _stateFile;
    private readonly Lock _lock = new();
    private readonly List<ConsoleDownload> _downloads = [];
    private readonly RecordedObjectReader _reader;

    public ConsoleDownloads(ControlPlane control, StorageCatalog storages, string spoolRoot, TimeProvider time, string dataDirectory)
    {
        _control = control;
        _storages = storages;
        _time = time;
        _stateFile = Path.Combine(dataDirectory, StateFileName);
        _reader = new RecordedObjectReader(storages, spoolRoot);
        if (File.Exists(_stateFile))
        {
            // the exports of the previous run are gone from the control plane: a running one will never end
            _downloads.AddRange((JsonSerializer.Deserialize<List<ConsoleDownload>>(File.ReadAllText(_stateFile), Json) ?? [])
                .Select(d => d.Status == "Running" ? d with { Status = Interrupted } : d));
        }
    }

    /// <exception cref="CommandRejectedException">The control plane refused the export (unknown recording, bad range, no engine).</exception>
    public async Task<ConsoleDownload> StartAsync(string recording, DateTimeOffset from, DateTimeOffset to, string owner, CancellationToken cancellationToken)
    {
        var storage = _storages.All.OfType<LocalStorageConfiguration>().FirstOrDefault() ?? _storages.All.FirstOrDefault()
            ?? throw new InvalidOperationException("no storage is configured for downloads");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var started = await _control.AskAsync<ExportStarted>(new StartExport([recording], [], from, to, storage.Token, $"{Folder}/{id}"), cancellationToken);
        var download = new ConsoleDownload(id, owner, recording, from, to, storage.Token, started.OperationToken, _time.GetUtcNow(), "Running", 0,
            [.. started.FileNames.Select(f => new ExportFileProgress(f, 0))]);
        List<ConsoleDownload> evicted;
        lock (_lock)
        {
            _downloads.Add(download);
            evicted = _downloads.Count > Keep ? _downloads.GetRange(0, _downloads.Count - Keep) : [];
            _downloads.RemoveRange(0, evicted.Count);
            Save();
        }

        evicted.ForEach(Delete);
        _ = FollowAsync(download.Id);
        return download;
    }

    /// <summary>The download of <paramref name="id"/> if <paramref name="owner"/> started it.</summary>
    public ConsoleDownload? Find(string id, string owner)
    {
        lock (_lock)
        {
            return _downloads.Find(d => d.Id == id && d.Owner == owner);
        }
    }

    /// <summary>The downloads <paramref name="owner"/> started, newest first, with their current state.</summary>
    public async Task<IReadOnlyList<DownloadView>> ListAsync(string owner, CancellationToken cancellationToken)
    {
        List<ConsoleDownload> mine;
        lock (_lock)
        {
            mine = _downloads.Where(d => d.Owner == owner).Reverse().ToList();
        }

        var views = new List<DownloadView>(mine.Count);
        foreach (var download in mine)
        {
            views.Add(await StateAsync(download, cancellationToken));
        }

        return views;
    }

    /// <summary>The export's state from the control plane while it knows it (kept), else the kept state.</summary>
    public async Task<DownloadView> StateAsync(ConsoleDownload download, CancellationToken cancellationToken)
    {
        var current = await RefreshAsync(download.Id, cancellationToken) ?? download;
        var files = current.Files.Select((f, i) => new DownloadFileView(Path.GetFileName(f.FileName), f.Progress,
            f.Progress >= 1.0 && Available(current, f.FileName) ? $"/api/downloads/{current.Id}/files/{i}" : null)).ToList();
        return new DownloadView(current.Id, current.Recording, current.From, current.To, current.Started, current.Status, current.Progress, files);
    }

    /// <summary>A complete file of the download: its local path, or its bytes read back from S3; null when not (yet) complete.</summary>
    public async Task<(string Name, string? Path, byte[]? Bytes)?> FileAsync(ConsoleDownload download, int index, CancellationToken cancellationToken)
    {
        var current = await RefreshAsync(download.Id, cancellationToken) ?? download;
        if (index < 0 || index >= current.Files.Count || current.Files[index].Progress < 1.0 || !_storages.TryGet(current.Storage, out var storage))
        {
            return null;
        }

        var name = current.Files[index].FileName;
        if (!name.StartsWith($"{Folder}/{current.Id}/", StringComparison.Ordinal) || !Available(current, name))
        {
            return null;
        }

        return storage is LocalStorageConfiguration local
            ? (System.IO.Path.GetFileName(name), ExportPaths.Under(local.Directory, name), null)
            : (System.IO.Path.GetFileName(name), null, await _reader.ReadAsync(current.Storage, name, cancellationToken));
    }

    /// <summary>Asks the control plane for the export's state and keeps it; null when the download is gone.</summary>
    private async Task<ConsoleDownload?> RefreshAsync(string id, CancellationToken cancellationToken)
    {
        ConsoleDownload? download;
        lock (_lock)
        {
            download = _downloads.Find(d => d.Id == id);
        }

        if (download is null || download.Status != "Running")
        {
            return download;
        }

        ExportState state;
        try
        {
            state = await _control.AskAsync<ExportState>(new GetExportState(download.Operation), cancellationToken);
        }
        catch (CommandRejectedException)
        {
            state = new ExportState(download.Operation, download.Progress, download.Files, Interrupted); // the control plane forgot it
        }

        var updated = download with { Status = state.Status, Progress = state.Progress, Files = state.Files };
        lock (_lock)
        {
            var at = _downloads.FindIndex(d => d.Id == id);
            if (at < 0)
            {
                return null;
            }

            if (!Same(_downloads[at], updated))
            {
                _downloads[at] = updated;
                Save();
            }
        }

        return updated;
    }

    private static bool Same(ConsoleDownload a, ConsoleDownload b) =>
        a.Status == b.Status && a.Progress == b.Progress && a.Files.SequenceEqual(b.Files);

    /// <summary>Keeps the state of a running export current (its end is kept even when no page asks).</summary>
    private async Task FollowAsync(string id)
    {
        try
        {
            while (await RefreshAsync(id, CancellationToken.None) is { Status: "Running" })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), _time);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or OperationCanceledException)
        {
            // the state file could not be written or the control plane is shutting down: the next ask tries again
        }
    }

    /// <summary>A local file is there (exports move a file into place once complete); an S3 one is trusted to the kept state.</summary>
    private bool Available(ConsoleDownload download, string name) =>
        !_storages.TryGet(download.Storage, out var storage) || storage is not LocalStorageConfiguration local || File.Exists(ExportPaths.Under(local.Directory, name));

    /// <summary>Rewrites the downloads file (under the lock): a temporary file renamed over it.</summary>
    private void Save()
    {
        var temporary = _stateFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_downloads, Json));
        File.Move(temporary, _stateFile, overwrite: true);
    }

    private void Delete(ConsoleDownload download)
    {
        if (_storages.TryGet(download.Storage, out var storage) && storage is LocalStorageConfiguration local)
        {
            var directory = ExportPaths.Under(local.Directory, $"{Folder}/{download.Id}");
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
