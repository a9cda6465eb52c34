#!/usr/bin/python3
"""ONVIF replay client on GStreamer's rtspsrc (onvif-mode=true): plays a replay URI, writes the video track as an
Annex B elementary stream (no re-encoding; frames judged by decoding, replay timing is not the recording's) and prints one JSON line per RTP packet carrying the ONVIF replay header extension
(0xABAC): media, RTP timestamp, marker, NTP time as UTC, C/E/D/T flags. Exit 0 on EOS, 2 on error, 3 on timeout.

usage: replay-client.py URI OUT.h264 [--start UTC] [--end UTC] [--intra] [--rate-control] [--timeout S]
UTC as ISO 8601 (2026-01-02T03:04:05.678Z); --start/--end become a seek in rtspsrc's ONVIF clock (ns since 1900).
"""
import argparse, datetime, json, os, struct, sys, threading
import gi
gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
from gi.repository import Gst, GLib, GstRtsp

NTP_EPOCH = datetime.datetime(1900, 1, 1, tzinfo=datetime.timezone.utc)


def parse_utc(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def ns_since_1900(utc):
    delta = utc - NTP_EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("uri")
    parser.add_argument("out")
    parser.add_argument("--start")
    parser.add_argument("--end")
    parser.add_argument("--intra", action="store_true")
    parser.add_argument("--rate-control", action="store_true")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()

    Gst.init(None)
    pipeline = Gst.Pipeline.new("replay")
    src = Gst.ElementFactory.make("rtspsrc")
    src.set_property("location", args.uri)
    src.set_property("onvif-mode", True)
    src.set_property("onvif-rate-control", args.rate_control)
    src.set_property("protocols", "tcp")
    # Rate-Control: no delivers faster than real time: timestamps come from RTP alone (the default jitterbuffer
    # modes drop the packets that arrive before the pipeline clock runs).
    src.set_property("buffer-mode", 0)
    pipeline.add(src)
    loop = GLib.MainLoop()
    result = {"code": 3}

    media_of_pt = {}

    def on_select(element, num, caps):
        structure = caps.get_structure(0)
        ok, pt = structure.get_int("payload")
        if ok:
            media_of_pt[pt] = structure.get_string("media")
        # Key frames only (Frames: intra) concern video: the other streams are not set up.
        return not args.intra or structure.get_string("media") == "video"

    src.connect("select-stream", on_select)

    def header(message, field):
        ok, value = message.get_header(field, 0)
        return value if ok == GstRtsp.RTSPResult.OK else None

    def on_send(element, message):
        # Each request rtspsrc sends goes to stderr (the test shows it on failure): which PLAYs, with which Range.
        # (CSeq is not set yet when before-send is emitted.)
        if message.get_type() == GstRtsp.RTSPMsgType.REQUEST:
            _, method, _, _ = message.parse_request()
            print(json.dumps({"request": GstRtsp.rtsp_method_as_text(method), "range": header(message, GstRtsp.RTSPHeaderField.RANGE)}), file=sys.stderr, flush=True)
        return True

    src.connect("before-send", on_send)

    def probe(pad, info, media):
        packet = info.get_buffer().extract_dup(0, info.get_buffer().get_size())
        if len(packet) < 12 or not packet[0] & 0x10:
            return Gst.PadProbeReturn.OK
        at = 12 + 4 * (packet[0] & 0x0F)
        if len(packet) < at + 16:
            return Gst.PadProbeReturn.OK
        profile, words = struct.unpack(">HH", packet[at:at + 4])
        if profile != 0xABAC or words < 3:
            return Gst.PadProbeReturn.OK
        ntp, flags, cseq = struct.unpack(">QBB", packet[at + 4:at + 14])
        seconds, fraction = ntp >> 32, ntp & 0xFFFFFFFF
        utc = NTP_EPOCH + datetime.timedelta(seconds=seconds, microseconds=(fraction * 1_000_000) >> 32)
        print(json.dumps({
            "media": media_of_pt.get(packet[1] & 0x7F, "?"), "rtp": struct.unpack(">I", packet[4:8])[0], "marker": bool(packet[1] & 0x80),
            "utc": utc.isoformat().replace("+00:00", "Z"), "ntp": ntp,
            "C": bool(flags & 0x80), "E": bool(flags & 0x40), "D": bool(flags & 0x20), "T": bool(flags & 0x10),
            "cseq": cseq}), flush=True)
        return Gst.PadProbeReturn.OK

    def on_pad(element, pad):
        caps = pad.get_current_caps() or pad.query_caps(None)
        structure = caps.get_structure(0)
        media = structure.get_string("media")
        encoding = structure.get_string("encoding-name")
        if media == "video" and encoding in ("H264", "H265"):
            codec = "h264" if encoding == "H264" else "h265"
            chain = Gst.parse_bin_from_description(
                f"rtp{codec}depay ! {codec}parse ! video/x-{codec},stream-format=byte-stream,alignment=au ! filesink location={args.out}", True)
        else:
            chain = Gst.parse_bin_from_description("fakesink sync=false", True)
        pipeline.add(chain)
        chain.sync_state_with_parent()
        pad.link(chain.get_static_pad("sink"))

    src.connect("pad-added", on_pad)

    def on_jitterbuffer(rtpbin, jitterbuffer, session, ssrc):
        # Packets are read where they enter the jitterbuffer: before any pad of the stream exists, so none is missed.
        jitterbuffer.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, probe, None)

    src.connect("new-manager", lambda _, manager: manager.connect("new-jitterbuffer", on_jitterbuffer))

    def on_message(bus, message):
        if message.type == Gst.MessageType.EOS:
            result["code"] = 0
            loop.quit()
        elif message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            print(json.dumps({"error": str(error), "debug": debug}), file=sys.stderr, flush=True)
            result["code"] = 2
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)

    def seek_and_play():
        if args.start or args.end or args.intra:
            flags = Gst.SeekFlags.FLUSH
            if args.intra:
                flags |= Gst.SeekFlags.TRICKMODE | Gst.SeekFlags.TRICKMODE_KEY_UNITS
            start = ns_since_1900(parse_utc(args.start)) if args.start else 0
            stop_type = Gst.SeekType.SET if args.end else Gst.SeekType.NONE
            stop = ns_since_1900(parse_utc(args.end)) if args.end else -1
            # To rtspsrc itself: the pipeline has no sink yet (pads appear with the first packets).
            if not src.send_event(Gst.Event.new_seek(1.0, Gst.Format.TIME, flags, Gst.SeekType.SET, start, stop_type, stop)):
                print(json.dumps({"error": "seek refused"}), file=sys.stderr, flush=True)
        pipeline.set_state(Gst.State.PLAYING)

    def on_progress(bus, message):
        # rtspsrc opens the session (DESCRIBE, SETUP) in PAUSED; the seek (PLAY Range: clock=) needs it open.
        kind, code, _ = message.parse_progress()
        if code == "open" and kind == Gst.ProgressType.COMPLETE:
            GLib.idle_add(lambda: seek_and_play() or False)

    bus.connect("message::progress", on_progress)
    pipeline.set_state(Gst.State.PAUSED)
    GLib.timeout_add(int(args.timeout * 1000), lambda: loop.quit() or False)
    loop.run()
    # A pipeline that does not shut down within 15 s must not hang the caller.
    watchdog = threading.Timer(15, lambda: os._exit(result["code"] or 3))
    watchdog.daemon = True
    watchdog.start()
    if result["code"] != 0:
        # Finish the file anyway (the muxer writes its index on EOS) and wait for the EOS to reach the sink.
        pipeline.send_event(Gst.Event.new_eos())
        bus.timed_pop_filtered(5 * Gst.SECOND, Gst.MessageType.EOS | Gst.MessageType.ERROR)
    pipeline.set_state(Gst.State.NULL)
    sys.exit(result["code"])


if __name__ == "__main__":
    main()
