using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nvr.Protocol.Tests.Hostile;

/// <summary>What the <see cref="HostileS3Proxy"/> does to one object upload (PUT of a key).</summary>
public enum S3Fault
{
    /// <summary>500 InternalError (S3 XML error body).</summary>
    InternalError,

    /// <summary>503 SlowDown, as S3 answers when throttling.</summary>
    SlowDown,

    /// <summary>Reads half of the body, then resets the connection.</summary>
    ResetMidUpload,

    /// <summary>Never answers (the connection stays open until the client gives up).</summary>
    Stall,

    /// <summary>Reads the body and answers 200 with the object's ETag, without storing anything.</summary>
    AcceptAndLose,
}

/// <summary>
/// A loopback HTTP proxy in front of a real s3rver, written for the hostile-storage tests: it forwards every request
/// unchanged (signatures stay valid: same host, headers and body) except object uploads, to which it applies the queued
/// <see cref="S3Fault"/>s, one per upload attempt, until the queue is empty.
/// </summary>
public sealed class HostileS3Proxy : IAsyncDisposable
{
    private static readonly HashSet<string> Unforwarded = new(StringComparer.OrdinalIgnoreCase) { "Host", "Content-Length", "Connection", "Transfer-Encoding", "Expect" };
    private readonly WebApplication _app;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly Uri _target;
    private readonly ConcurrentQueue<S3Fault> _faults = new();
    private readonly ConcurrentQueue<(S3Fault Fault, string Key)> _applied = new();
    private readonly ConcurrentQueue<string> _requests = new();

    private HostileS3Proxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
    }

    public int Port { get; private set; }

    /// <summary>Faults applied so far, with the key of the upload each hit.</summary>
    public IReadOnlyList<(S3Fault Fault, string Key)> Applied => [.. _applied];

    public int PendingFaults => _faults.Count;

    /// <summary>"METHOD path status" of every request seen (diagnostics).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<HostileS3Proxy> StartAsync(int upstreamPort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var proxy = new HostileS3Proxy(app, new Uri($"http://127.0.0.1:{upstreamPort}"));
        app.Run(proxy.HandleAsync);
        await app.StartAsync();
        proxy.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return proxy;
    }

    public void Inject(params S3Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopping.Token);
        }

        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        _requests.Enqueue($"{DateTime.UtcNow:ss.fff} {request.Method} {path[^12..]}");
        var isUpload = HttpMethods.IsPut(request.Method) && path.Count(c => c == '/') >= 2 && !request.Query.ContainsKey("uploadId");
        if (isUpload && _faults.TryDequeue(out var fault))
        {
            _applied.Enqueue((fault, path));
            await ApplyAsync(context, fault);
            return;
        }

        var body = await ReadAllAsync(request.Body, context.RequestAborted);
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, path + request.QueryString.Value));
        forwarded.Headers.Host = request.Host.Value;
        if (body.Length > 0 || HttpMethods.IsPut(request.Method) || HttpMethods.IsPost(request.Method))
        {
            forwarded.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (Unforwarded.Contains(name))
            {
                continue;
            }

            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
            else
            {
                forwarded.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var answer = await _upstream.SendAsync(forwarded, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
        {
            if (!Unforwarded.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (!HttpMethods.IsHead(request.Method))
        {
            await context.Response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
        }
    }

    private static async Task ApplyAsync(HttpContext context, S3Fault fault)
    {
        // A faulted exchange closes its connection, so the next attempt opens a new one: the HTTP client retries a
        // request that fails on a reused pooled connection by itself, which would hide a fault from the spool.
        context.Response.Headers.Connection = "close";
        switch (fault)
        {
            case S3Fault.InternalError:
                await ErrorAsync(context, 500, "InternalError", "We encountered an internal error. Please try again.");
                break;
            case S3Fault.SlowDown:
                await ErrorAsync(context, 503, "SlowDown", "Please reduce your request rate.");
                break;
            case S3Fault.ResetMidUpload:
                var half = new byte[Math.Max(1, (context.Request.ContentLength ?? 2) / 2)];
                await context.Request.Body.ReadAtLeastAsync(half, half.Length, throwOnEndOfStream: false, context.RequestAborted);
                context.Abort();
                break;
            case S3Fault.Stall:
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                break;
            case S3Fault.AcceptAndLose:
                var body = await ReadAllAsync(context.Request.Body, context.RequestAborted);
                context.Response.StatusCode = 200;
                context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"";
                break;
        }
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        await ReadAllAsync(context.Request.Body, context.RequestAborted);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>hostile</RequestId></Error>");
    }

    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
