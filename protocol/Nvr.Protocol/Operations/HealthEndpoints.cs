using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nvr.Control;
using Nvr.Control.Recordings.Messages;

namespace Nvr.Protocol.Operations;

/// <summary>
/// <c>/healthz</c>: the process serves HTTP (liveness). <c>/readyz</c>: the control plane answers a query within two
/// seconds (its actor system runs and its journal recovered), so the appliance can take ONVIF commands (readiness).
/// </summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(2);

    public static void Map(WebApplication app, ControlPlane control)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", async (HttpContext context) =>
        {
            if (control.System.WhenTerminated.IsCompleted || app.Lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return Results.Text("stopping\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(ReadyWithin);
            try
            {
                await control.AskAsync<RecordingsReply>(GetRecordings.Instance, timeout.Token);
                return Results.Text("ready\n");
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException or Akka.Actor.AskTimeoutException)
            {
                return Results.Text("control plane not answering\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
