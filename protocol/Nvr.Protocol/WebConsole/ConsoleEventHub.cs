using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Nvr.Control.Events;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// Fans the control plane's job-state, receiver-state and segment events out to the console's server-sent-event
/// streams. Each browser has a bounded queue (64 messages, oldest dropped: a stalled page loses old states, never
/// blocks the feed); the page re-reads the camera list when it reconnects.
/// </summary>
public sealed class ConsoleEventHub
{
    private readonly ConcurrentDictionary<Channel<string>, byte> _listeners = new();

    public void Publish(object message)
    {
        string? json = message switch
        {
            RecordingJobStateEvent s => JsonSerializer.Serialize(new { type = "job", job = s.RecordingJobToken, recording = s.Information.RecordingToken, state = s.State, at = s.UtcTime }),
            ReceiverStateEvent r => JsonSerializer.Serialize(new { type = "receiver", receiver = r.ReceiverToken, state = r.State, at = r.UtcTime }),
            SegmentRecordedEvent g => JsonSerializer.Serialize(new { type = "segment", recording = g.RecordingToken, start = g.StartUtc, end = g.EndUtc, stored = g.Stored }),
            _ => null,
        };
        if (json is null)
        {
            return;
        }

        foreach (var listener in _listeners.Keys)
        {
            listener.Writer.TryWrite(json);
        }
    }

    public ChannelReader<string> Listen(CancellationToken until)
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _listeners[channel] = 0;
        until.Register(() =>
        {
            _listeners.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }
}
