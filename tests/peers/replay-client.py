#!/usr/bin/python3
"""ONVIF replay client on GStreamer's rtspsrc (onvif-mode=true): plays a replay URI, writes the video track as an
Annex B elementary stream (no re-encoding; frames judged by decoding, replay timing is not the recording's) and prints one JSON line per RTP packet carrying the ONVIF replay header extension
(0xABAC): media, RTP timestamp, marker, NTP time as UTC, C/E/D/T flags. Exit 0 on EOS, 2 on error, 3 on timeout,
4 when a jitterbuffer lost, dropped as late or as duplicate any packet (over TCP nothing may be).

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
    # Interleaved RTP over TCP loses nothing: no retransmission requests, whose timers (from arrival times, with the
    # server bursting faster than real time and the machine loaded) would declare packets lost that are only late
    # and make the jitterbuffer drop them when they come (an access unit missing from the output).
    src.set_property("do-retransmission", False)
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

    # The CSeq of the last PLAY sent. before-send comes before the connection numbers the request: GstRTSPConnection
    # gives the n-th request it sends CSeq n (from 1), and every request of the session but the keep-alives (none in
    # a replay shorter than the session timeout) passes through before-send, retries after a 401 included.
    plays = {"sent": 0, "last": None}

    def on_send(element, message):
        # Each request rtspsrc sends goes to stderr (the test shows it on failure): which PLAYs, with which Range.
        if message.get_type() == GstRtsp.RTSPMsgType.REQUEST:
            _, method, _, _ = message.parse_request()
            plays["sent"] += 1
            if method == GstRtsp.RTSPMethod.PLAY:
                plays["last"] = plays["sent"]
            print(json.dumps({"request": GstRtsp.rtsp_method_as_text(method), "cseq": plays["sent"], "range": header(message, GstRtsp.RTSPHeaderField.RANGE)}), file=sys.stderr, flush=True)
        return True

    src.connect("before-send", on_send)

    def probe(pad, info, state):
        packet = info.get_buffer().extract_dup(0, info.get_buffer().get_size())
        if len(packet) < 12:
            return Gst.PadProbeReturn.OK
        extension = None
        if packet[0] & 0x10:
            at = 12 + 4 * (packet[0] & 0x0F)
            if len(packet) >= at + 16:
                profile, words = struct.unpack(">HH", packet[at:at + 4])
                if profile == 0xABAC and words >= 3:
                    extension = struct.unpack(">QBB", packet[at + 4:at + 14])
        if extension is None:
            # A packet without the extension continues the access unit begun by the last one that had it.
            return Gst.PadProbeReturn.DROP if state["drop"] else Gst.PadProbeReturn.OK
        ntp, flags, cseq = extension
        # Streaming spec: the CSeq byte is the low byte of the PLAY request's CSeq. Access units of an earlier PLAY
        # (still in flight when a later one was sent) are not part of what the last PLAY asked for: dropped.
        state["drop"] = plays["last"] is not None and cseq != plays["last"] & 0xFF
        if state["drop"]:
            print(json.dumps({"dropped": media_of_pt.get(packet[1] & 0x7F, "?"), "cseq": cseq, "expected": plays["last"]}), file=sys.stderr, flush=True)
            return Gst.PadProbeReturn.DROP
        seconds, fraction = ntp >> 32, ntp & 0xFFFFFFFF
        utc = NTP_EPOCH + datetime.timedelta(seconds=seconds, microseconds=(fraction * 1_000_000) >> 32)
        print(json.dumps({
            "media": media_of_pt.get(packet[1] & 0x7F, "?"), "rtp": struct.unpack(">I", packet[4:8])[0], "marker": bool(packet[1] & 0x80),
            "utc": utc.isoformat().replace("+00:00", "Z"), "ntp": ntp,
            "C": bool(flags & 0x80), "E": bool(flags & 0x40), "D": bool(flags & 0x20), "T": bool(flags & 0x10),
            "cseq": cseq}), flush=True)
        return Gst.PadProbeReturn.OK

    def open_segment(pad, info, _):
        event = info.get_event()
        if event.type != Gst.EventType.SEGMENT:
            return Gst.PadProbeReturn.OK
        segment = event.parse_segment()
        if segment.stop == Gst.CLOCK_TIME_NONE:
            return Gst.PadProbeReturn.OK
        print(json.dumps({"sink-segment": {"start": segment.start, "stop": segment.stop}}), file=sys.stderr, flush=True)
        segment.stop = Gst.CLOCK_TIME_NONE
        pad.send_event(Gst.Event.new_segment(segment))
        return Gst.PadProbeReturn.DROP

    def on_pad(element, pad):
        caps = pad.get_current_caps() or pad.query_caps(None)
        structure = caps.get_structure(0)
        media = structure.get_string("media")
        encoding = structure.get_string("encoding-name")
        if media == "video" and encoding in ("H264", "H265"):
            codec = "h264" if encoding == "H264" else "h265"
            chain = Gst.parse_bin_from_description(
                f"rtp{codec}depay ! {codec}parse ! video/x-{codec},stream-format=byte-stream,alignment=au ! filesink name=vsink location={args.out}", True)
            # rtspsrc's segment ends at the PLAY reply's Range end and the timestamps it derives count from the Range
            # start, while the server starts at the key frame at or before START: the last key frame of the range
            # can land on the segment's stop and filesink (GstBaseSink) silently drops buffers outside its segment.
            # What the server sent is judged here, so the sink gets an open-ended segment.
            chain.get_by_name("vsink").get_static_pad("sink").add_probe(Gst.PadProbeType.EVENT_DOWNSTREAM, open_segment, None)
        else:
            chain = Gst.parse_bin_from_description("fakesink sync=false", True)
        pipeline.add(chain)
        chain.sync_state_with_parent()
        pad.link(chain.get_static_pad("sink"))

    src.connect("pad-added", on_pad)

    def without_npt_stop(caps):
        # rtspsrc puts the PLAY reply's Range end into the caps as npt-stop; rtpjitterbuffer then arms an EOS timer
        # estimated from it, and GStreamer 1.22's jitterbuffer can stall for good when that timer and the EOS of the
        # server's RTCP BYE land together (every packet received, no EOS on the bus). The end of the replay is the
        # server's to say (BYE after the last access unit of the range): the jitterbuffer does not guess it.
        if caps is None or not any(caps.get_structure(i).has_field("npt-stop") for i in range(caps.get_size())):
            return caps
        stripped = Gst.Caps.new_empty()
        for i in range(caps.get_size()):
            structure = caps.get_structure(i).copy()
            structure.remove_field("npt-stop")
            stripped.append_structure(structure)
        return stripped

    jitterbuffers = []

    def on_jitterbuffer(rtpbin, jitterbuffer, session, ssrc):
        jitterbuffers.append(jitterbuffer)
        # Packets are read where they enter the jitterbuffer: before any pad of the stream exists, so none is missed.
        jitterbuffer.get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, probe, {"drop": False})
        # The jitterbuffer's request-pt-map has no accumulator: the last handler's caps win, and rtpbin's own
        # handler (rtspsrc's caps) was connected when the jitterbuffer was made.
        jitterbuffer.connect("request-pt-map", lambda _, pt: without_npt_stop(rtpbin.emit("request-pt-map", session, pt)))
        jitterbuffer.get_static_pad("sink").add_probe(Gst.PadProbeType.EVENT_DOWNSTREAM, on_caps_event, None)

    def on_caps_event(pad, info, _):
        event = info.get_event()
        if event.type != Gst.EventType.CAPS:
            return Gst.PadProbeReturn.OK
        caps = event.parse_caps()
        print(json.dumps({"jitterbuffer-caps": caps.to_string()}), file=sys.stderr, flush=True)
        stripped = without_npt_stop(caps)
        if stripped is caps:
            return Gst.PadProbeReturn.OK
        pad.send_event(Gst.Event.new_caps(stripped))
        return Gst.PadProbeReturn.DROP

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
    # What the jitterbuffers did not push: over TCP nothing may be lost, late or duplicated, else the output misses an
    # access unit the server sent (exit 4, with the counts).
    for jitterbuffer in jitterbuffers:
        stats = jitterbuffer.get_property("stats")
        counts = {name: stats.get_value(name) for name in ("num-pushed", "num-lost", "num-late", "num-duplicates")}
        print(json.dumps({"jitterbuffer": jitterbuffer.get_name(), **counts}), file=sys.stderr, flush=True)
        if result["code"] == 0 and (counts["num-lost"] or counts["num-late"] or counts["num-duplicates"]):
            result["code"] = 4
    pipeline.set_state(Gst.State.NULL)
    sys.exit(result["code"])


if __name__ == "__main__":
    main()
