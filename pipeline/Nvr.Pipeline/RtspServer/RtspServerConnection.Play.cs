using System.Globalization;
using Microsoft.Extensions.Logging;
using Nvr.Pipeline.Rtp;

namespace Nvr.Pipeline.RtspServer;

internal sealed partial class RtspServerConnection
{
    /// <summary>PLAY: answers (Range, RTP-Info), then streams from the requested point (Streaming spec "Initiating Playback").</summary>
    private async ValueTask<RtspReply?> PlayAsync(RtspRequest request, CancellationToken cancellationToken)
    {
        var session = Find(request);
        if (session is null)
        {
            return new RtspReply(454, "Session Not Found");
        }

        var (play, status) = PlayRequest.Parse(request);
        if (play is null)
        {
            return new RtspReply(status, status == 457 ? "Invalid Range" : "Bad Request");
        }

        if (play.Scale < 0 || (!play.RateControl && play.Scale != 1.0))
        {
            // Reverse playback is not implemented (ReversePlayback false); without rate control only 1.0 is meaningful.
            return new RtspReply(551, "Option not supported").With("Unsupported", "Scale");
        }

        if (session.Streams.All(s => s is null))
        {
            return new RtspReply(455, "Method Not Valid in This State");
        }

        session.Touch();
        await StopPlayAsync(session).ConfigureAwait(false);
        var resume = !play.HasRange ? session.LastSentUtc : null;
        var resumeAfter = resume is not null && play.Start is null ? resume : null;
        var start = play.Start ?? resume ?? session.Source.RecordedRange?.Start;
        var discontinuity = session.HasPlayed;
        session.HasPlayed = true;

        // RFC 2326 §10.5: an on-demand server replies with the range actually played, which may differ from the one
        // requested when it is aligned on frame boundaries; a replay starts at the clean point at or before START
        // (Streaming spec "Synchronization point"), so the cursor is positioned first and the reply names that frame.
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        var cursor = await PositionedCursor.OpenAsync(session, play, start, positionFirst: !session.Source.IsLive && resumeAfter is null, cancellation.Token).ConfigureAwait(false);
        start = cursor.FirstUtc ?? start;

        var reply = RtspReply.Ok().With("Session", SessionHeader(session));
        if (start is { } s)
        {
            reply.With("Range", $"clock={PlayRequest.FormatClock(s)}-{(play.End is { } e ? PlayRequest.FormatClock(e) : string.Empty)}");
        }

        // A live stream's first RTP time is the camera's next frame, unknown here: RTP-Info gives the sequence only.
        var live = session.Source.IsLive;
        reply.With("RTP-Info", string.Join(",", session.Streams.Select((st, i) => (st, i)).Where(x => x.st is not null).Select(x =>
            string.Create(CultureInfo.InvariantCulture, $"url={request.Uri.TrimEnd('/')}/track{x.i};seq={x.st!.Packetizer.NextSequence}") +
            (live ? string.Empty : string.Create(CultureInfo.InvariantCulture, $";rtptime={x.st.RtpTimestampOf(start ?? DateTime.UnixEpoch, 0)}")))));
        if (!play.RateControl)
        {
            reply.With("Rate-Control", "no");
        }

        if (play.Scale != 1.0)
        {
            reply.With("Scale", play.Scale.ToString(CultureInfo.InvariantCulture));
        }

        try
        {
            await WriteReplyAsync(reply, request.CSeq, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await cursor.DisposeAsync().ConfigureAwait(false);
            cancellation.Dispose();
            throw;
        }

        session.PlayCancellation = cancellation;
        session.PlayTask = Task.Run(() => StreamAsync(session, play, cursor, resumeAfter, discontinuity, request.CSeq, cancellation.Token), CancellationToken.None);
        return null;
    }

    private async Task StopPlayAsync(RtspServerSession session)
    {
        var cancellation = session.PlayCancellation;
        var task = session.PlayTask;
        session.PlayCancellation = null;
        session.PlayTask = null;
        if (cancellation is null || task is null)
        {
            return;
        }

        await cancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            cancellation.Dispose();
        }
    }

    private async Task StreamAsync(RtspServerSession session, PlayRequest play, IReplayCursor opened, DateTime? resumeAfter, bool discontinuity, int cseq, CancellationToken cancellationToken)
    {
        var time = _server.Options.Time;
        var writer = _output.Writer;
        var live = session.Source.IsLive;
        DateTime? firstUtc = null;
        var wallStart = time.GetTimestamp();
        var lastReport = long.MinValue;
        try
        {
            await using var cursor = opened;
            while (await cursor.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var frame = cursor.Current;
                var stream = session.StreamOf(frame);
                if (stream is null || (resumeAfter is { } after && frame.Utc <= after))
                {
                    continue;
                }

                if (play.End is { } end && frame.Utc >= end)
                {
                    break;
                }

                if (play.Frames == FramesMode.Intra && (!RtspServerSession.IsIntraFrame(stream, frame) ||
                    (stream.LastSentUtc is { } previous && frame.Utc - previous < play.IntraInterval)))
                {
                    continue;
                }

                firstUtc ??= frame.Utc;
                if (play.RateControl && !live)
                {
                    var due = TimeSpan.FromTicks((long)((frame.Utc - firstUtc.Value).Ticks / play.Scale));
                    var wait = due - time.GetElapsedTime(wallStart);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                    }
                }

                var flags = ReplayHeaderExtension.FlagsOf(frame, discontinuity);
                discontinuity = false;
                await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
                ValueTask<System.IO.Pipelines.FlushResult> flush;
                try
                {
                    if (time.GetElapsedTime(lastReport == long.MinValue ? 0 : lastReport) >= _server.Options.SenderReportInterval || lastReport == long.MinValue)
                    {
                        lastReport = time.GetTimestamp();
                        WriteSenderReports(session, play.RateControl, frame.Utc, bye: false);
                    }

                    stream.Send(writer, frame, flags, cseq, live);
                    flush = writer.FlushAsync(cancellationToken);
                    if (!flush.IsCompleted && play.RateControl && !live)
                    {
                        // Real-time delivery and the client does not keep up: drop it rather than queue without bound.
                        _server.Statistics.SlowClientDropped();
                        _log.LogInformation("RTSP client {Remote}: dropped, {Bytes} bytes queued (slow client)", Remote, _server.Options.SendBufferBytes);
                        Close();
                        return;
                    }

                    await flush.ConfigureAwait(false);
                }
                finally
                {
                    _writeGate.Release();
                }

                stream.LastSentUtc = frame.Utc;
                session.LastSentUtc = frame.Utc;
            }

            // End of the requested range or of the footage: a final sender report with BYE per stream.
            await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                WriteSenderReports(session, play.RateControl, session.LastSentUtc ?? DateTime.UnixEpoch, bye: true);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            _log.LogWarning("RTSP session {Session}: replay stopped: {Message}", session.Id, e.Message);
            Close();
        }
    }

    /// <summary>
    /// RTCP SR per stream; without rate control NTP and RTP timestamps are zero (Streaming spec "Use of RTCP"). A live
    /// stream pairs the sampling UTC and RTP time of its last frame (none before its first frame).
    /// </summary>
    private void WriteSenderReports(RtspServerSession session, bool rateControl, DateTime mediaUtc, bool bye)
    {
        var now = _server.Options.Time.GetUtcNow().UtcDateTime;
        foreach (var stream in session.Streams)
        {
            if (stream is null)
            {
                continue;
            }

            if (session.Source.IsLive)
            {
                if (stream.LastSentUtc is { } sampled)
                {
                    stream.Writer.WriteSenderReport(_output.Writer, stream.Ssrc, RtcpSenderReport.ToNtp(sampled), stream.LastRtpTimestamp, bye);
                }

                continue;
            }

            var ntp = rateControl ? RtcpSenderReport.ToNtp(now) : 0UL;
            var rtp = rateControl ? stream.RtpTimestampOf(mediaUtc, 0) : 0U;
            stream.Writer.WriteSenderReport(_output.Writer, stream.Ssrc, ntp, rtp, bye);
        }
    }
}
