using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Operations;

/// <summary>
/// Counts and times every POST to a SOAP endpoint, labelled by service path and the operation the guard read from
/// the body (<see cref="SoapGuardMiddleware.OperationItem"/>; "unknown" when the guard refused the request before
/// naming one). A 500 answer is a fault.
/// </summary>
public sealed class SoapMetricsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ApplianceMetrics _metrics;
    private readonly HashSet<string> _paths;

    public SoapMetricsMiddleware(RequestDelegate next, ApplianceMetrics metrics, IEnumerable<SoapEndpointDescription> endpoints)
    {
        _next = next;
        _metrics = metrics;
        _paths = endpoints.Select(e => e.Path).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!HttpMethods.IsPost(context.Request.Method) || !_paths.Contains(path))
        {
            await _next(context);
            return;
        }

        // Counted when the answer starts, before the client can read it: a client that reads the answer and then
        // scrapes /metrics sees its request counted. The duration is the time to the answer's first byte.
        var started = Stopwatch.GetTimestamp();
        var counted = false;
        void Count(bool failed)
        {
            if (counted)
            {
                return;
            }

            counted = true;
            var operation = context.Items[SoapGuardMiddleware.OperationItem] as string ?? "unknown";
            _metrics.SoapRequests.WithLabels(path, operation, failed ? "fault" : "ok").Inc();
            _metrics.SoapDuration.WithLabels(path, operation).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        context.Response.OnStarting(() =>
        {
            Count(context.Response.StatusCode >= 500);
            return Task.CompletedTask;
        });
        try
        {
            await _next(context);
        }
        catch
        {
            Count(failed: true); // the host answers 500
            throw;
        }

        Count(context.Response.StatusCode >= 500); // an answer without a body has not started yet: counted here
    }
}
