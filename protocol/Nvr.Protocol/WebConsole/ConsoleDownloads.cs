using System.Security.Cryptography;
using Nvr.Control;
using Nvr.Control.Exports;
using Nvr.Storage.Configuration;
using Nvr.Storage.Export;

namespace Nvr.Protocol.WebConsole;

/// <summary>A console download: the export it started, where its files go, who may fetch them.</summary>
public sealed record ConsoleDownload(string Id, string Owner, string Storage, string Operation, IReadOnlyList<string> Files, DateTimeOffset Started);

/// <summary>A download's state as the page polls it.</summary>
public sealed record DownloadFileView(string Name, double Progress, string? Url);

/// <summary>A download's state: the export's status and progress, and its files (with a URL once complete).</summary>
public sealed record DownloadView(string Id, string Status, double Progress, IReadOnlyList<DownloadFileView> Files);

/// <summary>
/// The console's download button: a selected range of one recording exported with the control plane's
/// ExportRecordedData (MP4, decrypted, one file per continuous run, seed 5.21) into
/// <c>console-downloads/&lt;random id&gt;/</c> of the first local storage (else the first storage), its progress read
/// with GetExportRecordedDataState, and its complete files served to the user who started it. The last
/// <see cref="Keep"/> downloads are kept; older ones' files are deleted.
/// </summary>
public sealed class ConsoleDownloads(ControlPlane control, StorageCatalog storages, string spoolRoot, TimeProvider time)
{
    public const int Keep = 16;
    public const string Folder = "console-downloads";
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ConsoleDownload> _downloads = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly RecordedObjectReader _reader = new(storages, spoolRoot);

    /// <exception cref="CommandRejectedException">The control plane refused the export (unknown recording, bad range, no engine).</exception>
    public async Task<ConsoleDownload> StartAsync(string recording, DateTimeOffset from, DateTimeOffset to, string owner, CancellationToken cancellationToken)
    {
        var storage = storages.All.OfType<LocalStorageConfiguration>().FirstOrDefault() ?? storages.All.FirstOrDefault()
            ?? throw new InvalidOperationException("no storage is configured for downloads");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var started = await control.AskAsync<ExportStarted>(new StartExport([recording], [], from, to, storage.Token, $"{Folder}/{id}"), cancellationToken);
        var download = new ConsoleDownload(id, owner, storage.Token, started.OperationToken, started.FileNames, time.GetUtcNow());
        ConsoleDownload? evicted = null;
        lock (_lock)
        {
            _downloads[id] = download;
            _order.Enqueue(id);
            if (_order.Count > Keep && _downloads.Remove(_order.Dequeue(), out var old))
            {
                evicted = old;
            }
        }

        if (evicted is not null)
        {
            Delete(evicted);
        }

        return download;
    }

    /// <summary>The download of <paramref name="id"/> if <paramref name="owner"/> started it.</summary>
    public ConsoleDownload? Find(string id, string owner)
    {
        lock (_lock)
        {
            return _downloads.TryGetValue(id, out var download) && download.Owner == owner ? download : null;
        }
    }

    public async Task<DownloadView> StateAsync(ConsoleDownload download, CancellationToken cancellationToken)
    {
        var state = await control.AskAsync<ExportState>(new GetExportState(download.Operation), cancellationToken);
        var files = state.Files.Select((f, i) => new DownloadFileView(Path.GetFileName(f.FileName), f.Progress,
            f.Progress >= 1.0 ? $"/api/downloads/{download.Id}/files/{i}" : null)).ToList();
        return new DownloadView(download.Id, state.Status, state.Progress, files);
    }

    /// <summary>A complete file of the download: its local path, or its bytes read back from S3; null when not (yet) complete.</summary>
    public async Task<(string Name, string? Path, byte[]? Bytes)?> FileAsync(ConsoleDownload download, int index, CancellationToken cancellationToken)
    {
        var state = await control.AskAsync<ExportState>(new GetExportState(download.Operation), cancellationToken);
        if (index < 0 || index >= state.Files.Count || state.Files[index].Progress < 1.0 || !storages.TryGet(download.Storage, out var storage))
        {
            return null;
        }

        var name = state.Files[index].FileName;
        if (!name.StartsWith($"{Folder}/{download.Id}/", StringComparison.Ordinal))
        {
            return null;
        }

        return storage is LocalStorageConfiguration local
            ? (System.IO.Path.GetFileName(name), ExportPaths.Under(local.Directory, name), null)
            : (System.IO.Path.GetFileName(name), null, await _reader.ReadAsync(download.Storage, name, cancellationToken));
    }

    private void Delete(ConsoleDownload download)
    {
        if (storages.TryGet(download.Storage, out var storage) && storage is LocalStorageConfiguration local)
        {
            var directory = ExportPaths.Under(local.Directory, $"{Folder}/{download.Id}");
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
