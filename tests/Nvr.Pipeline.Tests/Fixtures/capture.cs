#:project ../../../pipeline/Nvr.Pipeline/Nvr.Pipeline.csproj
// Records RTP/RTCP from an RTSP server (TCP interleaved) into an rtpdump file plus the SDP, for test fixtures.
// Usage: dotnet run capture.cs -- rtsp://127.0.0.1:PORT/path OUT-BASENAME MAX-BYTES
using System.Buffers.Binary;
using Nvr.Pipeline.Rtsp;

var uri = new Uri(args[0]);
var outBase = args[1];
var maxBytes = int.Parse(args[2]);
var client = await RtspClient.ConnectAsync(uri, null, TimeProvider.System, TimeSpan.FromSeconds(10), CancellationToken.None);
await client.OptionsAsync(CancellationToken.None);
var sdp = await client.DescribeAsync(CancellationToken.None);
await File.WriteAllTextAsync(outBase + ".sdp", client.DescriptionText);
var file = File.Create(outBase + ".rtpdump");
var writer = new DumpWriter(file, maxBytes);
client.SetFrameHandler(writer);
var channel = 0;
foreach (var stream in sdp.Streams)
{
    await client.SetupAsync(stream.ControlUri!, $"RTP/AVP/TCP;unicast;interleaved={channel}-{channel + 1}", CancellationToken.None);
    channel += 2;
}

await client.PlayAsync(sdp.AggregateControlUri, CancellationToken.None);
await writer.Full.Task.WaitAsync(TimeSpan.FromSeconds(60));
await client.TeardownAsync(sdp.AggregateControlUri, TimeSpan.FromSeconds(2));
await client.DisposeAsync();
file.Dispose();
Console.WriteLine($"{writer.Packets} packets, {writer.Written} bytes");

internal sealed class DumpWriter : IInterleavedFrameHandler
{
    private readonly Stream output;
    private readonly int maxBytes;
    private readonly DateTime start = DateTime.UtcNow;

    public DumpWriter(Stream output, int maxBytes)
    {
        this.output = output;
        this.maxBytes = maxBytes;
        var text = "#!rtpplay1.0 127.0.0.1/0\n"u8;
        output.Write(text);
        Span<byte> header = stackalloc byte[16];
        header.Clear();
        var seconds = (uint)(start - DateTime.UnixEpoch).TotalSeconds;
        BinaryPrimitives.WriteUInt32BigEndian(header, seconds);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], 0x7F000001);
        output.Write(header);
        Written = text.Length + 16;
    }

    public TaskCompletionSource Full { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Written { get; private set; }

    public int Packets { get; private set; }

    public void OnFrame(byte channel, ReadOnlySpan<byte> data)
    {
        if (Full.Task.IsCompleted)
        {
            return;
        }

        if (Written + 8 + data.Length > maxBytes)
        {
            output.Flush();
            Full.TrySetResult();
            return;
        }

        Span<byte> header = stackalloc byte[8];
        var rtcp = (channel & 1) == 1;
        BinaryPrimitives.WriteUInt16BigEndian(header, (ushort)(8 + data.Length));
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], rtcp ? (ushort)0 : (ushort)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)(DateTime.UtcNow - start).TotalMilliseconds);
        output.Write(header);
        output.Write(data);
        Written += 8 + data.Length;
        Packets++;
    }
}
