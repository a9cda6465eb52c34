using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Control.Recordings;
using Nvr.Protocol.Operations;
using Nvr.Protocol.Security;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// The console's pages (/console/) and JSON API (/api/). Every page but the login page and every API call but
/// login need a session and a user level the access policy grants READ_MEDIA; calls that change something need the
/// session's CSRF token and ACTUATE (Operator and Administrator under Core's default policy). Control-plane refusals come back as 400 with the reason, never a stack trace.
/// </summary>
public static class ConsoleEndpoints
{
    private const string SessionItem = "console.session";

    public sealed record LoginRequest(string User, string Password);

    public sealed record ModeRequest(string Mode);

    public static void MapConsole(this WebApplication app)
    {
        var sessions = app.Services.GetRequiredService<ConsoleSessions>();
        app.MapGet("/console/", (HttpContext c) => sessions.Find(c) is null ? Results.Redirect("/console/login") : ConsoleAssets.Result("index.html"));
        app.MapGet("/console/login", () => ConsoleAssets.Result("login.html"));
        app.MapGet("/console/assets/{name}", (string name, HttpContext c) =>
            ConsoleAssets.Public(name) || sessions.Find(c) is not null ? ConsoleAssets.Result(name) : Results.Unauthorized());

        app.MapPost("/api/login", async (LoginRequest request, HttpContext c, IConsoleCredentialCheck check, ApplianceMetrics metrics, AuthFailureMonitor monitor, ControlPlane control) =>
        {
            var user = string.IsNullOrEmpty(request.User) ? null : await check.CheckAsync(request.User, request.Password ?? string.Empty, c.RequestAborted);
            if (user is null)
            {
                metrics.AuthFailures.WithLabels("console").Inc();
                var settings = (DeviceSettings)await control.AskDeviceAsync(GetDeviceSettings.Instance, c.RequestAborted);
                monitor.Failed(settings.AuthFailureWarning, c.Connection.RemoteIpAddress ?? System.Net.IPAddress.None, c.Connection.LocalIpAddress);
                return Results.Json(new { error = "wrong user name or password" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            var session = sessions.Open(user, c);
            return Results.Json(SessionView(session, await AccessOf(control, c.RequestAborted)));
        });

        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.Path.Equals("/api/login", StringComparison.Ordinal))
            {
                return await next(context);
            }

            if (sessions.Find(http) is not { } session)
            {
                return Results.Json(new { error = "log in first" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            // The device's access policy (Core's default until SetAccessPolicy) decides, as for SOAP and RTSP.
            var policy = await AccessOf(http.RequestServices.GetRequiredService<ControlPlane>(), http.RequestAborted);
            var level = session.User.Level;
            if (!policy.Permits(level, AccessClass.ReadMedia))
            {
                return Results.Json(new { error = $"user level {level} may not view recordings (READ_MEDIA is not granted to it by the access policy)" },
                    statusCode: StatusCodes.Status403Forbidden);
            }

            if (!HttpMethods.IsGet(http.Request.Method))
            {
                if (!ConsoleSessions.CsrfValid(http, session))
                {
                    return Results.Json(new { error = "missing or wrong CSRF token" }, statusCode: StatusCodes.Status403Forbidden);
                }

                if (!policy.Permits(level, AccessClass.Actuate) && !ReadOnlyPost(http.Request.Path))
                {
                    return Results.Json(new { error = $"user level {level} may not change cameras (ACTUATE is not granted to it by the access policy)" },
                        statusCode: StatusCodes.Status403Forbidden);
                }
            }

            http.Items[SessionItem] = session;
            try
            {
                return await next(context);
            }
            catch (CommandRejectedException e)
            {
                return Results.Json(new { error = e.Message }, statusCode: StatusCodes.Status400BadRequest);
            }
        });

        // ControlPlane as a parameter also keeps the lambda from binding as a RequestDelegate (which would drop the result).
        api.MapGet("/session", async (HttpContext c, ControlPlane control) =>
            Results.Json(SessionView((ConsoleSession)c.Items[SessionItem]!, await AccessOf(control, c.RequestAborted))));
        api.MapPost("/logout", (HttpContext c) =>
        {
            sessions.Close(c);
            return Results.NoContent();
        });
        api.MapGet("/cameras", async (ConsoleCameras cameras, HttpContext c) => Results.Json(await cameras.ListAsync(c.RequestAborted)));
        api.MapPost("/cameras", async (AddCameraRequest request, ConsoleCameras cameras, HttpContext c) =>
        {
            if (string.IsNullOrWhiteSpace(request.Name) || !Uri.TryCreate(request.Uri, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtsp" or "rtsps"))
            {
                return Results.Json(new { error = "a name and an rtsp:// URI are needed" }, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Json(await cameras.AddAsync(request, c.RequestAborted), statusCode: StatusCodes.Status201Created);
        });
        api.MapPost("/cameras/{recording}/mode", async (string recording, ModeRequest request, ConsoleCameras cameras, HttpContext c) =>
            request.Mode is not ("Active" or "Idle")
                ? Results.Json(new { error = "mode is Active or Idle" }, statusCode: StatusCodes.Status400BadRequest)
                : await cameras.SetModeAsync(recording, request.Mode, c.RequestAborted) ? Results.NoContent() : Results.NotFound());
        api.MapDelete("/cameras/{recording}", async (string recording, ConsoleCameras cameras, HttpContext c) =>
        {
            await cameras.DeleteAsync(recording, c.RequestAborted);
            return Results.NoContent();
        });
        api.MapGet("/events", ConsoleStreams.EventsAsync);
        api.MapGet("/recordings/{recording}/timeline", ConsoleStreams.TimelineAsync);
        api.MapGet("/recordings/{recording}/playback", ConsoleStreams.PlaybackAsync);
        api.MapGet("/recordings/{recording}/live", ConsoleLive.LiveAsync);
        api.MapGet("/media", ConsoleStreams.MediaAsync);
        api.MapGet("/storage", ConsoleStreams.StorageAsync);

        // the download button: an export (READ_MEDIA, like ExportRecordedData) any logged-in user may start
        api.MapPost("/downloads", async (DownloadRequest request, ConsoleDownloads downloads, ConsoleCameras cameras, HttpContext c) =>
        {
            if (await cameras.FindAsync(request.Recording ?? string.Empty, c.RequestAborted) is null)
            {
                return Results.NotFound(new { error = "no such recording" });
            }

            if (request.From is not { } from || request.To is not { } to || to <= from)
            {
                return Results.Json(new { error = "from and to (from before to) are needed" }, statusCode: StatusCodes.Status400BadRequest);
            }

            var download = await downloads.StartAsync(request.Recording!, from, to, Session(c).User.Name, c.RequestAborted);
            return Results.Json(await downloads.StateAsync(download, c.RequestAborted), statusCode: StatusCodes.Status201Created);
        });
        api.MapGet("/downloads", async (ConsoleDownloads downloads, HttpContext c) => Results.Json(await downloads.ListAsync(Session(c).User.Name, c.RequestAborted)));
        api.MapGet("/downloads/{id}", async (string id, ConsoleDownloads downloads, HttpContext c) =>
            downloads.Find(id, Session(c).User.Name) is { } download ? Results.Json(await downloads.StateAsync(download, c.RequestAborted)) : Results.NotFound());
        api.MapGet("/downloads/{id}/files/{index:int}", async (string id, int index, ConsoleDownloads downloads, HttpContext c) =>
        {
            if (downloads.Find(id, Session(c).User.Name) is not { } download || await downloads.FileAsync(download, index, c.RequestAborted) is not { } file)
            {
                return Results.NotFound();
            }

            return file.Path is { } path
                ? Results.File(path, "video/mp4", file.Name, enableRangeProcessing: true)
                : Results.File(file.Bytes!, "video/mp4", file.Name, enableRangeProcessing: true);
        });
    }

    public sealed record DownloadRequest(string? Recording, DateTimeOffset? From, DateTimeOffset? To);

    private static ConsoleSession Session(HttpContext context) => (ConsoleSession)context.Items[SessionItem]!;

    /// <summary>Calls that change nothing of the appliance's configuration (any logged-in user, with the CSRF token).</summary>
    private static bool ReadOnlyPost(PathString path) =>
        path.Equals("/api/logout", StringComparison.Ordinal) || path.Equals("/api/downloads", StringComparison.Ordinal);

    private static object SessionView(ConsoleSession session, AccessPolicy policy) =>
        new { user = session.User.Name, level = session.User.Level.ToString(), mayChange = policy.Permits(session.User.Level, AccessClass.Actuate), csrf = session.Csrf };

    private static async Task<AccessPolicy> AccessOf(ControlPlane control, CancellationToken cancellationToken) =>
        AccessPolicyDocument.Of((DeviceSettings)await control.AskDeviceAsync(GetDeviceSettings.Instance, cancellationToken));
}
