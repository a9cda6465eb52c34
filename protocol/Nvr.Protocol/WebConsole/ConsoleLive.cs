using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Nvr.Codecs;
using Nvr.Recording.Live;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// Live view in the browser: <c>GET /api/recordings/{r}/live</c> is one endless fragmented MP4 (HTTP chunked) of
/// the recording's camera, read from the live relay like any RTSP viewer of <c>/live/&lt;receiver&gt;</c> (the camera's
/// pooled access units shared with the recording and the other viewers, a bounded queue per viewer, starting at the
/// next key frame, a slow browser losing whole GOPs). Video only. Each frame goes out as its own <c>moof</c>/<c>mdat</c>
/// as soon as the next one arrives. Headers: <c>X-Live-Mime</c> (the MSE type) and <c>X-Live-Start</c> (the appliance's
/// UTC clock when the first key frame reached this stream; with decode times from 0 on the camera's clock,
/// <c>start + t</c> is about when the frame at media time <c>t</c> arrived, which the page uses to measure latency).
/// </summary>
internal static class ConsoleLive
{
    public const string MimeHeader = "X-Live-Mime";
    public const string StartHeader = "X-Live-Start";
    public const string StreamHeader = "X-Live-Stream";

    public static async Task<IResult> LiveAsync(string recording, ConsoleCameras cameras, TimeProvider time, HttpContext context)
    {
        var relay = context.RequestServices.GetService<LiveRelay>();
        if (relay is null)
        {
            return Results.Json(new { error = "the live relay is off (no RTSP server)" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (await cameras.FindAsync(recording, context.RequestAborted) is null || await cameras.ReceiverOfAsync(recording, context.RequestAborted) is not { } receiver)
        {
            return Results.NotFound(new { error = "no such recording, or it records from no receiver" });
        }

        var source = await relay.FindAsync(LiveRelay.PathOf(receiver), context.RequestAborted);
        var video = source is null ? -1 : IndexOfVideo(source.Streams);
        if (source is null || video < 0)
        {
            return Results.Json(new { error = "the camera is not connected or sends no H.264/H.265 video" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return new LiveResult(source, video, time, context.RequestServices.GetService<ConsoleLiveLog>());
    }

    private static int IndexOfVideo(IReadOnlyList<Nvr.Pipeline.RtspServer.ServedStream> streams)
    {
        for (int i = 0; i < streams.Count; i++)
        {
            if (streams[i].Codec.IsNalVideo())
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Streams the viewer's frames until the page goes away or the relay ends the viewer.</summary>
    private sealed class LiveResult(Nvr.Pipeline.RtspServer.IRtspMediaSource source, int video, TimeProvider time, ConsoleLiveLog? log) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            var cancellation = context.RequestAborted;
            var stream = source.Streams[video];
            using var muxer = new LiveMp4Muxer(stream.Codec, stream.CodecConfiguration);
            await using var cursor = source.Open(null, cancellation);
            var response = context.Response;
            var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
            var sent = log?.Open(id);
            long bytes = 0;
            DateTimeOffset previous = default; // arrival of the frame the next fragment carries (a frame is written when its successor comes)
            try
            {
                while (await cursor.ReadAsync(cancellation))
                {
                    var frame = cursor.Current;
                    if (frame.Stream != video)
                    {
                        continue;
                    }

                    var arrival = time.GetUtcNow();
                    if (!muxer.Add(frame))
                    {
                        continue;
                    }

                    var written = previous;
                    previous = arrival;

                    if (!response.HasStarted)
                    {
                        response.ContentType = "video/mp4";
                        response.Headers.CacheControl = "private, no-store";
                        response.Headers[MimeHeader] = muxer.MimeType;
                        response.Headers[StartHeader] = arrival.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
                        response.Headers[StreamHeader] = id;
                        response.Headers["X-Content-Type-Options"] = "nosniff";
                        await response.StartAsync(cancellation);
                    }

                    if (!muxer.Pending.IsEmpty)
                    {
                        await response.Body.WriteAsync(muxer.Pending, cancellation);
                        bytes += muxer.Pending.Length;
                        muxer.Sent();
                        sent?.Invoke(new LiveFragmentSent(bytes, written));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // the page went away
            }
            catch (IOException)
            {
                // the connection broke
            }

            if (!response.HasStarted)
            {
                response.StatusCode = StatusCodes.Status503ServiceUnavailable; // the viewer ended before a key frame
            }
        }
    }
}
