using System.Buffers;
using Nvr.Pipeline.Rtsp;
using Nvr.Pipeline.RtspServer;
using Nvr.Pipeline.Sdp;

namespace Nvr.Fuzzing.Targets;

/// <summary>
/// The byte stream an RTSP client reads from a camera (RtspConnection.Consume): interleaved frames and responses,
/// delivered in arbitrary pieces. Documented rejection: <see cref="RtspException"/> (malformed or oversized message).
/// </summary>
public sealed class RtspInterleavedTarget : FuzzTarget
{
    public override string Name => "rtsp-interleaved";

    public override string Description => "RtspStreamParser.TryReadInterleaved/TryReadMessage over a multi-segment stream; RtspException is a rejection";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var reader = new FuzzInput(input);
        var pattern = reader.Byte();
        var buffer = SegmentedSequence.Of(reader.Rest, pattern);
        try
        {
            while (!buffer.IsEmpty)
            {
                if (RtspStreamParser.StartsWithInterleavedFrame(buffer))
                {
                    if (!RtspStreamParser.TryReadInterleaved(ref buffer, out _, out var payload))
                    {
                        return;
                    }

                    if (payload.Length > ushort.MaxValue)
                    {
                        throw new InvalidOperationException("an interleaved frame longer than its 16-bit length");
                    }

                    continue;
                }

                if (!RtspStreamParser.TryReadMessage(ref buffer, out var message))
                {
                    return;
                }

                _ = message!.CSeq;
            }
        }
        catch (RtspException)
        {
        }
    }
}

/// <summary>
/// One RTSP response as the client uses it (RtspClient: Public, Location, Content-Base, SDP body, Session, Transport,
/// WWW-Authenticate). Documented rejections: <see cref="RtspException"/> from the parser, <see cref="FormatException"/>
/// from the SDP parser (the client turns it into RtspFailure.UnusableDescription).
/// </summary>
public sealed class RtspResponseTarget : FuzzTarget
{
    private static readonly Uri RequestUri = new("rtsp://127.0.0.1:8554/test?x=1");

    public override string Name => "rtsp-response";

    public override string Description => "RtspStreamParser.TryReadMessage, then the headers and SDP body the RTSP client reads; RtspException/FormatException are rejections";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var buffer = new ReadOnlySequence<byte>(input.ToArray());
        RtspResponse? response;
        try
        {
            if (!RtspStreamParser.TryReadMessage(ref buffer, out response))
            {
                return;
            }
        }
        catch (RtspException)
        {
            return;
        }

        _ = response!.CSeq;
        _ = (response.Header("Public") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (response.Header("Location") is { } location)
        {
            _ = Uri.TryCreate(RequestUri, location, out _);
        }

        _ = RtspSessionHeader.Parse(response.Header("Session"));
        _ = RtspTransportHeader.Parse(response.Header("Transport"));
        var authenticator = new RtspAuthenticator(new RtspCredentials("user", "pass"), () => "0a4f113b");
        if (authenticator.AcceptChallenge(response.HeaderValues("WWW-Authenticate")))
        {
            _ = authenticator.AuthorizationFor("DESCRIBE", RequestUri.ToString());
        }

        var baseText = response.Header("Content-Base") ?? response.Header("Content-Location");
        var baseUri = baseText is not null && Uri.TryCreate(baseText, UriKind.Absolute, out var parsed) ? parsed : RequestUri;
        try
        {
            _ = SdpParser.Parse(response.Body, baseUri);
        }
        catch (FormatException)
        {
        }
    }
}

/// <summary>
/// What the replay RTSP server reads from a client (RtspServerConnection.ReadLoopAsync): interleaved RTCP and
/// requests, the request line, path, Session, Require, Transport and the PLAY headers. Documented rejections:
/// <see cref="RtspException"/> (the server drops the connection), a null request (400), a PLAY status other than 200.
/// </summary>
public sealed class RtspServerRequestTarget : FuzzTarget
{
    public override string Name => "rtsp-server-request";

    public override string Description => "RtspStreamParser + RtspRequest.From + Path + PlayRequest.Parse + RtspTransportHeader.Parse as the replay server reads them; RtspException/null/non-200 are rejections";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var reader = new FuzzInput(input);
        var pattern = reader.Byte();
        var buffer = SegmentedSequence.Of(reader.Rest, pattern);
        try
        {
            while (!buffer.IsEmpty)
            {
                if (RtspStreamParser.StartsWithInterleavedFrame(buffer))
                {
                    if (!RtspStreamParser.TryReadInterleaved(ref buffer, out _, out _))
                    {
                        return;
                    }

                    continue;
                }

                if (!RtspStreamParser.TryReadMessage(ref buffer, out var message))
                {
                    return;
                }

                _ = message!.CSeq;
                var request = RtspRequest.From(message);
                if (request is null)
                {
                    continue;
                }

                _ = request.Path;
                _ = request.Header("Session")?.Split(';')[0].Trim();
                _ = (request.Header("Require") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                _ = RtspTransportHeader.Parse(request.Header("Transport"));
                var (play, status) = PlayRequest.Parse(request);
                if ((play is null) != (status != 200))
                {
                    throw new InvalidOperationException($"PlayRequest.Parse answered {status} with request {play}");
                }

                if (play?.Start is { } start)
                {
                    _ = PlayRequest.FormatClock(start);
                }
            }
        }
        catch (RtspException)
        {
        }
    }
}
