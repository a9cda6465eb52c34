using System.Buffers.Binary;
using System.Text;
using Nvr.Pipeline.Simulator;
using Nvr.Testing;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// A simulated camera on 127.0.0.1: the captured GStreamer H.264 + AAC stream (tests/Nvr.Pipeline.Tests/Fixtures)
/// repeated four times (≈ 3.8 s per loop, a key frame every ≈ 0.95 s) plus an ONVIF metadata stream (single-packet
/// documents, payload type 107) whose cell motion detector reports IsMotion true at the start of every loop and false
/// half a second later, like a camera seeing a short movement now and then. The documents carry no UtcTime, so their arrival time is the event time.
/// </summary>
public static class MotionCamera
{
    private const int MetadataPayloadType = 107;
    private const int Copies = 4;

    public static CameraSimulator Start(string videoSource)
    {
        var fixtures = Path.Combine(TestTools.RepositoryRoot, "tests", "Nvr.Pipeline.Tests", "Fixtures");
        var sdp = File.ReadAllText(Path.Combine(fixtures, "gstreamer-h264-aac.sdp")).TrimEnd() + "\r\n" +
                  $"m=application 0 RTP/AVP {MetadataPayloadType}\r\nc=IN IP4 0.0.0.0\r\n" +
                  $"a=rtpmap:{MetadataPayloadType} vnd.onvif.metadata/90000\r\na=control:stream=2\r\n";
        var original = RtpDumpReader.Read(File.ReadAllBytes(Path.Combine(fixtures, "gstreamer-h264-aac.rtpdump"))).Where(p => !p.IsRtcp).ToList();
        var period = original.Max(p => p.Offset) + TimeSpan.FromMilliseconds(40);
        var capture = new List<RtpDumpPacket>();
        for (int copy = 0; copy < Copies; copy++)
        {
            // the 0.9 s capture repeated, so that the motion (in the first copy only) stops for longer than a GOP
            foreach (var packet in original)
            {
                var data = (byte[])packet.Data.Clone();
                var rate = packet.PayloadType == 97 ? 48000 : 90000;
                var ts = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(4));
                BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)(ts + (long)(copy * period.TotalSeconds * rate)));
                capture.Add(new RtpDumpPacket(false, packet.Offset + (copy * period), data));
            }
        }

        capture.Add(Metadata(TimeSpan.FromMilliseconds(10), videoSource, motion: true, sequence: 1));
        capture.Add(Metadata(period / 2, videoSource, motion: false, sequence: 2));
        return new CameraSimulator(sdp, capture.OrderBy(p => p.Offset).ToList());
    }

    private static RtpDumpPacket Metadata(TimeSpan offset, string videoSource, bool motion, ushort sequence)
    {
        var document = Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" +
            "<tt:MetadataStream xmlns:tt=\"http://www.onvif.org/ver10/schema\" xmlns:wsnt=\"http://docs.oasis-open.org/wsn/b-2\">" +
            "<tt:Event><wsnt:NotificationMessage>" +
            "<wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">tns1:RuleEngine/CellMotionDetector/Motion</wsnt:Topic>" +
            "<wsnt:Message><tt:Message PropertyOperation=\"Changed\"><tt:Source>" +
            $"<tt:SimpleItem Name=\"VideoSourceConfigurationToken\" Value=\"{videoSource}\"/><tt:SimpleItem Name=\"Rule\" Value=\"MotionRule\"/>" +
            $"</tt:Source><tt:Data><tt:SimpleItem Name=\"IsMotion\" Value=\"{(motion ? "true" : "false")}\"/></tt:Data></tt:Message></wsnt:Message>" +
            "</wsnt:NotificationMessage></tt:Event></tt:MetadataStream>");
        var packet = new byte[12 + document.Length];
        packet[0] = 0x80;
        packet[1] = 0x80 | MetadataPayloadType; // marker: the document ends in this packet
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(offset.TotalSeconds * 90000));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x4F4E5646);
        document.CopyTo(packet.AsSpan(12));
        return new RtpDumpPacket(false, offset, packet);
    }
}
