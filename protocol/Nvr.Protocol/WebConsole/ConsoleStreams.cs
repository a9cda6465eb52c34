using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nvr.Protocol.Operations;

namespace Nvr.Protocol.WebConsole;

/// <summary>The console's read endpoints: the live event stream, the timeline, playback, segment bytes, storage.</summary>
internal static class ConsoleStreams
{
    public static async Task EventsAsync(HttpContext context, ConsoleEventHub hub)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var reader = hub.Listen(context.RequestAborted);
        await context.Response.WriteAsync(": connected\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await foreach (var message in reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync($"data: {message}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away
        }
    }

    public static async Task<IResult> TimelineAsync(string recording, string? from, string? to, ConsoleCameras cameras, ConsoleMedia media, TimeProvider time, HttpContext context)
    {
        if (await cameras.FindAsync(recording, context.RequestAborted) is not { } found)
        {
            return Results.NotFound();
        }

        var end = Instant(to) ?? time.GetUtcNow();
        var start = Instant(from) ?? end.AddHours(-1);
        if (end <= start)
        {
            return Results.Json(new { error = "from must be before to" }, statusCode: StatusCodes.Status400BadRequest);
        }

        var track = ConsoleMedia.TimelineTrack(found);
        return Results.Json(new { recording, track, from = start, to = end, ranges = track is null ? (IReadOnlyList<TimelineRange>)[] : media.Ranges(recording, track, start, end) });
    }

    public static async Task<IResult> PlaybackAsync(string recording, string? at, ConsoleCameras cameras, ConsoleMedia media, HttpContext context)
    {
        if (await cameras.FindAsync(recording, context.RequestAborted) is not { } found || ConsoleMedia.TimelineTrack(found) is not { } track)
        {
            return Results.NotFound();
        }

        if (found.Configuration.Target is { Encryption.Count: > 0 })
        {
            return Results.Json(new { error = "playback of encrypted recordings is not available in the console yet" }, statusCode: StatusCodes.Status409Conflict);
        }

        if (Instant(at) is not { } instant)
        {
            return Results.Json(new { error = "at is an ISO 8601 UTC instant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        return media.Plan(recording, track, instant) is { } plan ? Results.Json(plan) : Results.NotFound(new { error = "nothing recorded at or after that instant" });
    }

    public static IResult Media(string storage, string key, ConsoleMedia media) =>
        media.File(storage, key) is { } file ? Results.File(file, "video/mp4", enableRangeProcessing: true) : Results.NotFound();

    public static async Task<IResult> StorageAsync(ConsoleCameras cameras, ConsoleStorageView storage, HttpContext context)
    {
        var list = await cameras.ListAsync(context.RequestAborted);
        return Results.Json(new
        {
            storages = storage.Storages(),
            spool = storage.Spool(),
            watermarkBytes = storage.MinimumFreeBytes,
            retention = list.Select(c => new { c.Recording, c.Name, c.RetentionSeconds, c.Storage }),
        });
    }

    private static DateTimeOffset? Instant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
}

/// <summary>What the storage page shows: per storage bytes used and free, the watermark, the spool.</summary>
public sealed class ConsoleStorageView(Nvr.Storage.Configuration.StorageCatalog catalog, string spoolRoot, long minimumFreeBytes, Nvr.Recording.Engine.RunnerTelemetry? telemetry)
{
    public long MinimumFreeBytes => minimumFreeBytes;

    public IReadOnlyList<object> Storages() =>
        [.. catalog.All.Select(s => s is Nvr.Storage.Configuration.LocalStorageConfiguration local
            ? (object)new { token = s.Token, kind = "local", uri = s.RedactedUri, usedBytes = StorageUsage.DirectoryBytes(local.Directory), freeBytes = StorageUsage.FreeBytes(local.Directory) }
            : new { token = s.Token, kind = "s3", uri = s.RedactedUri, usedBytes = (long?)null, freeBytes = (long?)null })];

    public object Spool() => new
    {
        bytes = StorageUsage.DirectoryBytes(spoolRoot),
        storages = (telemetry?.Spools() ?? []).Select(s => new { storage = s.Storage, s.Statistics.SpooledBytes, s.Statistics.QueuedObjects, s.Statistics.UploadedObjects, s.Statistics.FailedAttempts, s.Statistics.DroppedObjects }),
    };
}
