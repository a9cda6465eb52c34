using System.Globalization;
using Microsoft.AspNetCore.Http;
using Nvr.Control.Events;
using Nvr.Control.Search;
using Nvr.Protocol.Operations;

namespace Nvr.Protocol.WebConsole;

/// <summary>A recording-history marker on the timeline: a topic's property changing at an instant (FindEvents' data).</summary>
public sealed record TimelineMarker(DateTimeOffset Time, string Topic, string? Track, bool State);

/// <summary>A camera event recorded in a metadata track (the index's <c>recorded_events</c>), as the timeline marks it.</summary>
/// <param name="Operation">The camera's PropertyOperation (Initialized, Changed, Deleted), null for a plain event.</param>
/// <param name="Source">The Source items, "name=value" joined by ", " (tells apart the rules and sources of one topic).</param>
/// <param name="Data">The Data items likewise.</param>
/// <param name="State">The event's boolean Data value when it has exactly one (IsMotion, State, …): the page draws the span it is true.</param>
public sealed record TimelineEvent(DateTimeOffset Time, string Topic, string Track, string? Operation, string Source, string Data, bool? State);

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

    public static async Task<IResult> TimelineAsync(string recording, string? from, string? to, ConsoleCameras cameras, ConsoleMedia media, RecordingCatalog catalog,
        SearchSessions search, TimeProvider time, HttpContext context)
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
        var ranges = track is null ? (IReadOnlyList<TimelineRange>)[] : media.Ranges(recording, track, start, end);
        return Results.Json(new
        {
            recording, track, from = start, to = end, ranges,
            markers = await MarkersAsync(recording, start, end, catalog, search, context.RequestAborted),
            events = Events(recording, start, end, catalog),
        });
    }

    /// <summary>At most this many camera events per timeline window (the oldest first).</summary>
    public const int MaxTimelineEvents = 2000;

    /// <summary>The camera events of the window, from the index (an index range scan, <see cref="Nvr.Storage.Index.RecordedRangeIndex.GetEventsBetween"/>).</summary>
    private static IReadOnlyList<TimelineEvent> Events(string recording, DateTimeOffset from, DateTimeOffset to, RecordingCatalog catalog) =>
        [.. catalog.Index.GetEventsBetween(recording, from, to, MaxTimelineEvents).Select(e =>
        {
            var booleans = e.Data.Where(i => i.Value is "true" or "false").ToList();
            return new TimelineEvent(e.Utc, e.Topic, e.Track, e.PropertyOperation, Items(e.Source), Items(e.Data),
                booleans.Count == 1 ? booleans[0].Value == "true" : null);
        })];

    private static string Items(IReadOnlyList<Nvr.Storage.Index.RecordedEventItem> items) => string.Join(", ", items.Select(i => $"{i.Name}={i.Value}"));

    /// <summary>
    /// The recording history of the window as FindEvents reports it (tns1:RecordingHistory/Recording/State and
    /// Track/State, derived from the index): where recording started and stopped, per recording and per track.
    /// </summary>
    private static async Task<IReadOnlyList<TimelineMarker>> MarkersAsync(string recording, DateTimeOffset from, DateTimeOffset to, RecordingCatalog catalog,
        SearchSessions search, CancellationToken cancellationToken)
    {
        if (await catalog.GetAsync(recording, cancellationToken) is not { } information)
        {
            return [];
        }

        return [.. RecordingHistorySearch.Find([information], from, to, false, catalog.Index.GetRangesBetween, search.Limits.ContiguityTolerance, _ => true)
            .Select(f => f.Event switch
            {
                RecordingHistoryStateEvent r => new TimelineMarker(f.Time, "tns1:RecordingHistory/Recording/State", null, r.IsRecording),
                TrackHistoryStateEvent t => new TimelineMarker(f.Time, "tns1:RecordingHistory/Track/State", t.TrackToken, t.IsDataPresent),
                _ => null,
            })
            .OfType<TimelineMarker>()];
    }

    public static async Task<IResult> PlaybackAsync(string recording, string? at, ConsoleCameras cameras, ConsoleMedia media, HttpContext context)
    {
        if (await cameras.FindAsync(recording, context.RequestAborted) is not { } found || ConsoleMedia.TimelineTrack(found) is not { } track)
        {
            return Results.NotFound();
        }

        if (Instant(at) is not { } instant)
        {
            return Results.Json(new { error = "at is an ISO 8601 UTC instant" }, statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return await media.PlanAsync(recording, track, instant, context.RequestAborted) is { } plan
                ? Results.Json(plan)
                : Results.NotFound(new { error = "nothing recorded at or after that instant" });
        }
        catch (InvalidDataException e)
        {
            return Results.Json(new { error = "the recording cannot be decrypted: " + e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
    }

    /// <summary>A segment object the index knows, clear (decrypted on the server when it is encrypted), from local storage or S3.</summary>
    public static async Task<IResult> MediaAsync(string storage, string key, ConsoleMedia media, HttpContext context)
    {
        context.Response.Headers.CacheControl = "private, no-store";
        try
        {
            return await media.ReadAsync(storage, key, context.RequestAborted) switch
            {
                { File: { } file } => Results.File(file, "video/mp4", enableRangeProcessing: true),
                { Bytes: { } bytes } => Results.Bytes(bytes, "video/mp4", enableRangeProcessing: true),
                _ => Results.NotFound(),
            };
        }
        catch (InvalidDataException e)
        {
            return Results.Json(new { error = "the segment cannot be decrypted: " + e.Message }, statusCode: StatusCodes.Status409Conflict);
        }
    }

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
